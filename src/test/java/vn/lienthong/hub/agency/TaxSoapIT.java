package vn.lienthong.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierStatus;
import vn.lienthong.hub.dossier.DossierView;

/**
 * The hub's SOAP service for the tax authority ({@code /services/tax}, schemas/wsdl/tax.wsdl), called by a client
 * that is not Java — Python zeep from Debian's python3-zeep — and by raw HTTP for the hostile cases: a tax notice
 * puts a land dossier in AWAITING_PAYMENT with its clock paused, the payment lets it go on; XXE, billion laughs, too
 * deep, too large, schema-invalid, unknown dossier and illegal transitions get a SOAP fault with the reason and
 * change nothing.
 *
 * <p>The land procedure is inter-agency: the hub's own flow starts it and sends the tax step to the sandbox tax
 * authority, whose callbacks would race with this test's notices. The simulator is therefore down while these tests
 * run (the flow's delivery waits and is retried later), and reset after each test.
 */
class TaxSoapIT extends HubIntegrationTest {

    /** Land-use right transfer and others (Đăng ký biến động…): one FINANCIAL_OBLIGATION step with the tax authority. */
    static final String LAND_PROCEDURE = "1.013831";
    /** The tax authority's agency in the sandbox catalog (Thuế tỉnh Thanh Hóa). */
    static final String TAX_AGENCY = "000.00.54.H56";
    static final String NS = "urn:lienthong:tax:v1";
    private static final String PYTHON = "/usr/bin/python3";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    DossierService dossiers;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void taxAuthorityDown() {
        assertThat(simulator(Map.of("down", true)).getStatusCode().value()).isEqualTo(200);
    }

    @AfterEach
    void resetTaxAuthority() {
        assertThat(simulator(Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void zeepReadsTheWsdlSubmitsATaxNoticeAndConfirmsThePayment() throws Exception {
        zeepOrSkip();
        String code = landDossierInProgress();
        String noticeId = "TB-ZEEP-" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode notice = zeep("SubmitTaxNotice", Map.of("noticeId", noticeId, "dossierCode", code,
                "landUseFeeVnd", 120_000_000L, "registrationFeeVnd", 600_000L,
                "paymentDeadline", LocalDate.now().plusDays(30).toString()));

        assertThat(notice.path("accepted").asBoolean()).as(notice.toString()).isTrue();
        assertThat(notice.path("status").asText()).isEqualTo("AWAITING_PAYMENT");
        DossierView waiting = dossiers.get(code);
        assertThat(waiting.status()).isEqualTo(DossierStatus.AWAITING_PAYMENT);
        assertThat(waiting.dvcqgStatus()).isEqualTo(6);
        assertThat(waiting.pausedSince()).as("the clock is paused").isNotNull();
        assertThat(waiting.history()).anySatisfy(h -> {
            assertThat(h.eventId()).isEqualTo("tax-notice:" + noticeId);
            assertThat(h.type()).isEqualTo("REQUEST_PAYMENT");
            assertThat(h.client()).isEqualTo("tax");
            assertThat(h.reason()).contains("120.000.000 VND").contains("600.000 VND");
        });

        String paymentId = "PAY-ZEEP-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode paid = zeep("ConfirmPayment", Map.of("paymentId", paymentId, "dossierCode", code,
                "paidAt", Instant.now().toString(), "amountVnd", 120_600_000L, "receiptNumber", "BL0000012345"));

        assertThat(paid.path("accepted").asBoolean()).as(paid.toString()).isTrue();
        assertThat(paid.path("status").asText()).isEqualTo("IN_PROGRESS");
        DossierView goingOn = dossiers.get(code);
        assertThat(goingOn.status()).isEqualTo(DossierStatus.IN_PROGRESS);
        assertThat(goingOn.pausedSince()).as("the clock runs again").isNull();
        assertThat(goingOn.pauses()).anySatisfy(p -> {
            assertThat(p.kind().name()).isEqualTo("PAYMENT");
            assertThat(p.endedAt()).isNotNull();
        });
        assertThat(inbound(code)).extracting(r -> r.get("message_type") + "/" + r.get("outcome"))
                .contains("SubmitTaxNotice/ACCEPTED", "ConfirmPayment/ACCEPTED");
        assertThat(inbound(code)).allSatisfy(r -> {
            assertThat(r.get("payload")).asString().contains("<").contains(code);
            assertThat(r.get("payload_digest")).asString().hasSize(64);
            assertThat(r.get("delivery_id")).isNull();
        });
    }

    @Test
    void aNoticeResolvesTheOpenTaxStepAndTheSameNoticeTwiceIsAppliedOnce() throws Exception {
        String code = landDossierInProgress();
        DossierView step = taxStep(code);
        assertThat(step.status()).isEqualTo(DossierStatus.RECEIVED);
        String noticeId = "TB-STEP-" + UUID.randomUUID().toString().substring(0, 8);
        String request = notice(noticeId, code, "50000000", "250000", LocalDate.now().plusDays(30).toString());

        HttpResponse<String> first = soap(TAX_KEY, "SubmitTaxNotice", request);
        HttpResponse<String> again = soap(TAX_KEY, "SubmitTaxNotice", request);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).containsPattern("<(\\w+:)?status>AWAITING_PAYMENT</");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        DossierView land = dossiers.get(code);
        assertThat(land.status()).isEqualTo(DossierStatus.AWAITING_PAYMENT);
        assertThat(land.history()).filteredOn(h -> h.eventId().equals("tax-notice:" + noticeId)).hasSize(1);
        DossierView resolved = dossiers.get(step.code());
        assertThat(resolved.status()).isEqualTo(DossierStatus.RESOLVED);
        assertThat(resolved.history()).anySatisfy(h -> assertThat(h.eventId()).isEqualTo("tax-notice:" + noticeId + ":step"));
    }

    @Test
    void xxeAndBillionLaughsGetAFaultAndChangeNothing() throws Exception {
        String code = landDossierInProgress();
        DossierView before = dossiers.get(code);
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tax="urn:lienthong:tax:v1">
                  <soap:Body><tax:SubmitTaxNotice><tax:noticeId>&xxe;</tax:noticeId><tax:dossierCode>%s</tax:dossierCode>
                  <tax:landUseFeeVnd>1</tax:landUseFeeVnd><tax:registrationFeeVnd>1</tax:registrationFeeVnd>
                  <tax:paymentDeadline>2030-01-01</tax:paymentDeadline></tax:SubmitTaxNotice></soap:Body>
                </soap:Envelope>""".formatted(code);
        String lol = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tax="urn:lienthong:tax:v1">
                  <soap:Body><tax:SubmitTaxNotice><tax:noticeId>&lol9;</tax:noticeId><tax:dossierCode>%s</tax:dossierCode>
                  <tax:landUseFeeVnd>1</tax:landUseFeeVnd><tax:registrationFeeVnd>1</tax:registrationFeeVnd>
                  <tax:paymentDeadline>2030-01-01</tax:paymentDeadline></tax:SubmitTaxNotice></soap:Body>
                </soap:Envelope>""".formatted(code);

        for (String hostile : List.of(xxe, lol)) {
            HttpResponse<String> res = soap(TAX_KEY, "SubmitTaxNotice", hostile);
            assertFault(res, "Client", "dtd-not-allowed");
            assertThat(res.body()).doesNotContain("root:");
        }
        assertUnchanged(before);
        assertThat(rejected(code)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.get("detail")).asString().contains("dtd-not-allowed"));
    }

    @Test
    void tooDeepTooLargeAndSchemaInvalidMessagesGetAFaultAndChangeNothing() throws Exception {
        String code = landDossierInProgress();
        DossierView before = dossiers.get(code);

        String deep = "<x>".repeat(100) + "</x>".repeat(100);
        HttpResponse<String> tooDeep = soap(TAX_KEY, "SubmitTaxNotice",
                notice("TB-DEEP", code, "1", "1", "2030-01-01").replace("</tax:SubmitTaxNotice>", deep + "</tax:SubmitTaxNotice>"));
        assertFault(tooDeep, "Client", "too-deep");

        String padding = "<!--" + "x".repeat(1_100_000) + "-->";
        HttpResponse<String> tooLarge = soap(TAX_KEY, "SubmitTaxNotice",
                notice("TB-LARGE", code, "1", "1", "2030-01-01").replace("<soap:Body>", padding + "<soap:Body>"));
        assertFault(tooLarge, "Client", "too-large");

        HttpResponse<String> negativeFee = soap(TAX_KEY, "SubmitTaxNotice", notice("TB-NEG", code, "-5", "1", "2030-01-01"));
        assertFault(negativeFee, "Client", "schema-violation");
        HttpResponse<String> badCode = soap(TAX_KEY, "SubmitTaxNotice", notice("TB-BAD", "not-a-dossier-code", "1", "1", "2030-01-01"));
        assertFault(badCode, "Client", "schema-violation");
        HttpResponse<String> notAnOperation = soap(TAX_KEY, "SubmitTaxNotice", notice("TB-OP", code, "1", "1", "2030-01-01")
                .replace("tax:SubmitTaxNotice", "tax:PayEverything"));
        assertThat(notAnOperation.statusCode()).isEqualTo(500);
        assertThat(notAnOperation.body()).contains("Fault");

        assertUnchanged(before);
        assertThat(rejected(code)).extracting(r -> String.valueOf(r.get("detail")))
                .anySatisfy(d -> assertThat(d).contains("too-deep"))
                .anySatisfy(d -> assertThat(d).contains("schema-violation"));
    }

    @Test
    void anUnknownDossierOrAnIllegalTransitionGetsAFaultWithItsReason() throws Exception {
        String code = landDossierInProgress();
        DossierView before = dossiers.get(code);

        HttpResponse<String> unknown = soap(TAX_KEY, "SubmitTaxNotice",
                notice("TB-UNKNOWN", "000.01.11.H56-990101-9999", "1", "1", "2030-01-01"));
        assertFault(unknown, "Client", "unknown-dossier");

        // a payment while nothing is due
        HttpResponse<String> notDue = soap(TAX_KEY, "ConfirmPayment", payment("PAY-NOTDUE-" + UUID.randomUUID(), code));
        assertFault(notDue, "Client", "illegal-transition");
        assertThat(notDue.body()).containsPattern("<(\\w+:)?TaxMessageRejected[^>]*><(\\w+:)?reason>illegal-transition</");

        // a dossier without a tax step is none of the tax authority's business
        String other = onestopDossier("1.004873");
        HttpResponse<String> notOurs = soap(TAX_KEY, "SubmitTaxNotice", notice("TB-OTHER", other, "1", "1", "2030-01-01"));
        assertFault(notOurs, "Client", "not-routed-to-tax");

        assertUnchanged(before);
        assertThat(rejected(code)).extracting(r -> String.valueOf(r.get("message_type"))).contains("ConfirmPayment");
    }

    @Test
    void theWsdlIsPublicButOnlyTheTaxAuthorityMayPost() throws Exception {
        HttpResponse<String> wsdl = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/services/tax?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("HubTaxService").contains("SubmitTaxNotice").contains("ConfirmPayment")
                .contains(baseUrl() + "/services/tax");

        String code = landDossierInProgress();
        DossierView before = dossiers.get(code);
        String request = notice("TB-NOKEY", code, "1", "1", "2030-01-01");

        assertThat(soap(null, "SubmitTaxNotice", request).statusCode()).isEqualTo(401);
        assertThat(soap("not-a-key-of-anyone-0001", "SubmitTaxNotice", request).statusCode()).isEqualTo(401);
        assertFault(soap(ONESTOP_KEY, "SubmitTaxNotice", request), "Client", "forbidden");
        assertUnchanged(before);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /**
     * A land dossier received at the counter and being processed. The hub's inter-agency flow starts it on its own;
     * if it has not within a few seconds, the officer does.
     */
    String landDossierInProgress() {
        String code = onestopDossier(LAND_PROCEDURE);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> dossiers.get(code).status() == DossierStatus.IN_PROGRESS);
        } catch (org.awaitility.core.ConditionTimeoutException notStartedByTheFlow) {
            ResponseEntity<JsonNode> start = onestop().post().uri("/api/v1/dossiers/{code}/events", code)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("eventId", "test-start-" + UUID.randomUUID(), "type", "START", "actor", "officer.lan"))
                    .retrieve().toEntity(JsonNode.class);
            assertThat(start.getStatusCode().value()).as(String.valueOf(start.getBody())).isIn(200, 409);
            await().atMost(Duration.ofSeconds(10)).until(() -> dossiers.get(code).status() == DossierStatus.IN_PROGRESS);
        }
        return code;
    }

    /** The tax step of a land dossier: the one the inter-agency flow made, or one made here if the flow did not. */
    DossierView taxStep(String code) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !dossiers.steps(code).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException noFlow) {
            try {
                return dossiers.createStep(code, 1, "tax", TAX_AGENCY, TimeLimit.workingDays(3), "test");
            } catch (RuntimeException raced) {
                // the flow made it meanwhile
            }
        }
        return dossiers.steps(code).get(0);
    }

    String onestopDossier(String procedure) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Lê Thị Hoa");
        applicant.put("idNumber", "038190004321");
        applicant.put("phone", "0912345679");
        applicant.put("address", "12 Lê Lợi, Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("procedureCode", procedure);
        body.put("applicant", applicant);
        body.put("channel", "DIRECT");
        body.put("returnMethod", "COUNTER");
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
        return res.getBody().path("code").asText();
    }

    ResponseEntity<JsonNode> simulator(Map<String, Object> behaviour) {
        return asOperator("admin").put().uri("/sandbox/tax/behaviour").contentType(MediaType.APPLICATION_JSON)
                .body(behaviour).retrieve().toEntity(JsonNode.class);
    }

    static String notice(String noticeId, String code, String landUseFee, String registrationFee, String deadline) {
        return envelope("""
                <tax:SubmitTaxNotice><tax:noticeId>%s</tax:noticeId><tax:dossierCode>%s</tax:dossierCode>
                <tax:landUseFeeVnd>%s</tax:landUseFeeVnd><tax:registrationFeeVnd>%s</tax:registrationFeeVnd>
                <tax:paymentDeadline>%s</tax:paymentDeadline></tax:SubmitTaxNotice>"""
                .formatted(noticeId, code, landUseFee, registrationFee, deadline));
    }

    static String payment(String paymentId, String code) {
        return envelope("""
                <tax:ConfirmPayment><tax:paymentId>%s</tax:paymentId><tax:dossierCode>%s</tax:dossierCode>
                <tax:paidAt>%s</tax:paidAt><tax:amountVnd>1000</tax:amountVnd><tax:receiptNumber>BL1</tax:receiptNumber>
                </tax:ConfirmPayment>""".formatted(paymentId, code, Instant.now()));
    }

    static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:tax=\"" + NS + "\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    HttpResponse<String> soap(String apiKey, String operation, String envelope) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl() + "/services/tax"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:lienthong:tax:v1:" + operation + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
        if (apiKey != null) {
            req.header("X-API-Key", apiKey);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static void assertFault(HttpResponse<String> res, String code, String reason) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(500);
        assertThat(res.body()).contains("Fault").contains(":" + code + "</faultcode>").contains(reason);
    }

    void assertUnchanged(DossierView before) {
        DossierView now = dossiers.get(before.code());
        assertThat(now.status()).isEqualTo(before.status());
        assertThat(now.version()).isEqualTo(before.version());
        assertThat(now.history()).hasSameSizeAs(before.history());
    }

    List<Map<String, Object>> inbound(String code) {
        return jdbc.queryForList("""
                select message_type, outcome, delivery_id, payload_digest, payload, detail from message_log
                where partner = 'tax' and direction = 'IN' and dossier_code = ? order by id""", code);
    }

    List<Map<String, Object>> rejected(String code) {
        return jdbc.queryForList("""
                select message_type, detail from message_log
                where partner = 'tax' and direction = 'IN' and outcome = 'REJECTED'
                  and (dossier_code = ? or (dossier_code is null and payload like '%' || ? || '%')) order by id""",
                code, code);
    }

    // --- zeep --------------------------------------------------------------------------------------------------

    private static final String ZEEP_CLIENT = """
            import datetime, json, sys
            import requests
            from zeep import Client
            from zeep.exceptions import Fault
            from zeep.transports import Transport

            wsdl, key, operation, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
            session = requests.Session()
            session.headers['X-API-Key'] = key
            client = Client(wsdl, transport=Transport(session=session, timeout=30))
            try:
                if operation == 'SubmitTaxNotice':
                    args['paymentDeadline'] = datetime.date.fromisoformat(args['paymentDeadline'])
                    answer = client.service.SubmitTaxNotice(**args)
                else:
                    args['paidAt'] = datetime.datetime.fromisoformat(args['paidAt'].replace('Z', '+00:00'))
                    answer = client.service.ConfirmPayment(**args)
                print(json.dumps({'accepted': answer.accepted, 'status': answer.status}))
            except Fault as fault:
                print(json.dumps({'fault': fault.message, 'code': str(fault.code)}))
                sys.exit(3)
            """;

    /** Python zeep from Debian: missing, fail on CI (.ci/run must install python3-zeep), skip elsewhere. */
    static void zeepOrSkip() throws IOException, InterruptedException {
        boolean present = new File(PYTHON).canExecute()
                && run(List.of(PYTHON, "-c", "import zeep")).exit() == 0;
        if (!present) {
            String message = "Python zeep is not installed (Debian package python3-zeep, for " + PYTHON + ")";
            if (System.getenv("CI") != null) {
                fail(message + ": .ci/run must install it (apt-get install -y python3-zeep)");
            }
            Assumptions.abort(message + "; skipping the non-Java SOAP client test");
        }
    }

    JsonNode zeep(String operation, Map<String, Object> args) throws IOException, InterruptedException {
        Path script = Files.createTempFile("tax-zeep", ".py");
        try {
            Files.writeString(script, ZEEP_CLIENT);
            Result r = run(List.of(PYTHON, script.toString(), baseUrl() + "/services/tax?wsdl", TAX_KEY, operation,
                    json.writeValueAsString(args)));
            String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(r.exit()).as("zeep %s: %s", operation, r.output()).isZero();
            return json.readTree(last);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tax-zeep", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("%s did not finish in 90 s: %s", command, Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
