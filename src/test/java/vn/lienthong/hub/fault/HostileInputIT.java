package vn.lienthong.hub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.CryptoFactory;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.w3c.dom.Document;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.platform.MqttConnection;
import vn.lienthong.hub.post.WebhookSignature;

/**
 * The hostile-input corpus (issue 9, fault suite): a few hundred named cases of malformed, truncated, oversized,
 * deeply nested, mistyped, forged or simply illegal input against every surface the hub exposes — the REST API
 * under {@code /api/v1}, the tax authority's SOAP service {@code /services/tax} (and the sandbox national axis's
 * WS-Security endpoint), Vietnam Post's signed webhooks and the hall devices' MQTT topics.
 *
 * <p>The rule every case checks: a refusal a client can act on — an HTTP 4xx with an RFC 9457 problem and a
 * machine-readable {@code reason}, a SOAP sender fault ({@code soap:Client}) with its reason, or (MQTT, where there
 * is nobody to answer) the message parked with its reason — never a 5xx, and nothing written: each family of cases
 * counts the rows it could have touched before and after (fixture dossiers, history, outbox, idempotency keys,
 * parcels, devices, catalog, calendar). After the whole corpus the hub must still be healthy and its outbox relay
 * not stuck.
 *
 * <p>Most cases are data: {@code src/test/resources/hostile/*.json}, one file per surface, each case with a name
 * that appears in the test report. A few are generated (the lifecycle matrix: every event on every final state)
 * or need code (WS-Security signatures). Placeholders {@code ${…}} are filled from the fixtures made here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT extends HubIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String TAX_NS = "urn:lienthong:tax:v1";
    /** Cấp Chứng chỉ hành nghề dược (Sở Y tế, 000.00.09.H56): 20 working days, every channel, no partner step. */
    static final String PROCEDURE = "1.004616";
    /** Land-use right transfer: one financial-obligation step with the tax authority. */
    static final String LAND_PROCEDURE = "1.013831";
    static final String CENTER = "hcc-hostile";
    static final Pattern REASON = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Autowired
    MqttConnection mqtt;
    @Value("${hub.post.webhook-secret}")
    String webhookSecret;
    @Value("${hub.axis.keystore.path}")
    Path hubKeystore;
    @Value("${hub.axis.keystore.password}")
    String hubKeystorePassword;
    @Value("${hub.data-dir}")
    Path dataDir;

    // JUnit makes one instance per test method (a factory's dynamic tests run on its instance); the fixtures are
    // shared by the surfaces, hence static. (Not PER_CLASS: Camel's test listener would not start the routes.)
    /** Values of the placeholders, filled by the fixtures. */
    static final Map<String, String> vars = new ConcurrentHashMap<>();
    /** Fixture dossiers whose status, version and history must not move while the corpus runs. */
    static final List<String> frozen = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** Hostile online submissions offered by the (sandbox) national portal: name → {submissionId, expected}. */
    static final Map<String, String[]> SUBMISSIONS = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** When the corpus started (after the shared context): its own time is reported at the end. */
    static volatile long started;

    // =============================================================================================================
    // REST
    // =============================================================================================================

    @TestFactory
    @Order(1)
    Stream<DynamicNode> rest() {
        restFixtures();
        List<DynamicNode> families = new ArrayList<>();
        for (JsonNode family : corpus("hostile/rest.json")) {
            Probe probe = new Probe(family.path("family").asText());
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : family.path("cases")) {
                cases.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    probe.start();
                    restCase(c);
                }));
            }
            families.add(family("REST", probe, cases));
        }
        families.add(lifecycleMatrix());
        return families.stream();
    }

    /** Every event on every final state (RETURNED, STOPPED, REFUSED): 409 illegal-transition, nothing changes. */
    private DynamicNode lifecycleMatrix() {
        Probe probe = new Probe("lifecycle matrix: events on final states");
        List<DynamicNode> cases = new ArrayList<>();
        String[] events = {"ACCEPT", "REFUSE", "START", "TRANSFER", "REQUEST_SUPPLEMENT", "SUPPLEMENT_RECEIVED",
                "REQUEST_PAYMENT", "PAYMENT_RECEIVED", "EXTEND", "RESOLVE", "RETURN", "REQUEST_WITHDRAWAL", "STOP"};
        for (String state : new String[] {"returned", "stopped", "refused"}) {
            for (String event : events) {
                ObjectNode body = JSON.createObjectNode();
                body.put("eventId", "hostile-matrix-" + state + "-" + event + "-${uuid}");
                body.put("type", event);
                body.put("reason", "hostile: " + event + " on a " + state + " dossier");
                body.put("actor", "officer.hostile");
                if (event.equals("TRANSFER")) {
                    body.put("toAgency", "000.00.09.H56");
                }
                if (event.equals("EXTEND")) {
                    body.put("newDueAt", Instant.now().plus(Duration.ofDays(90)).toString());
                }
                ObjectNode c = JSON.createObjectNode();
                c.put("name", event + " on a " + state.toUpperCase() + " dossier");
                c.put("method", "POST");
                c.put("path", "/api/v1/dossiers/${" + state + "}/events");
                c.put("as", "onestop");
                c.set("json", body);
                c.put("status", 409);
                c.put("reason", "illegal-transition");
                cases.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    probe.start();
                    restCase(c);
                }));
            }
        }
        return family("REST", probe, cases);
    }

    private void restFixtures() {
        // offered first: the hub's poll of the national axis takes them in while the REST corpus runs
        SUBMISSIONS.putAll(offerSubmissions());
        vars.put("procedure", PROCEDURE);
        vars.put("today", LocalDate.now(ZONE).toString());
        vars.put("unknownDossier", "000.00.09.H56-991231-9999");
        vars.put("padUnknownDevice", "hostile-nodevice-" + shortId());
        String idem = "hostile-idem-" + UUID.randomUUID();
        vars.put("idemKey", idem);
        vars.put("received", dossier(PROCEDURE, "DIRECT", "COUNTER", null, idem));
        String inProgress = dossier(PROCEDURE, "DIRECT", "COUNTER", null, null);
        String startId = "hostile-fixture-start-" + UUID.randomUUID();
        event(inProgress, startId, "START", null);
        vars.put("inProgress", inProgress);
        vars.put("takenEventId", startId);
        String returned = dossier(PROCEDURE, "DIRECT", "COUNTER", null, null);
        event(returned, null, "START", null);
        event(returned, null, "RESOLVE", null);
        event(returned, null, "RETURN", null);
        vars.put("returned", returned);
        String stopped = dossier(PROCEDURE, "DIRECT", "COUNTER", null, null);
        event(stopped, null, "START", null);
        event(stopped, null, "STOP", "hostile fixture: the citizen withdrew");
        vars.put("stopped", stopped);
        String refused = dossier(PROCEDURE, "ONLINE", "COUNTER", Instant.now().minusSeconds(60), null);
        event(refused, null, "REFUSE", "hostile fixture: not our procedure");
        vars.put("refused", refused);
        // a dossier at the police, with a delivery the police may answer (as agency-dispatch would have planned it)
        String atPolice = dossier(PROCEDURE, "DIRECT", "COUNTER", null, null);
        event(atPolice, null, "START", null);
        String delivery = "hostile-dlv-police-" + UUID.randomUUID();
        jdbc.update("insert into partner_delivery (delivery_id, partner, dossier_code, kind, status, attempts, delivered_at)"
                + " values (?, 'police', ?, 'RESIDENCE_REGISTRATION', 'DELIVERED', 1, now())", delivery, atPolice);
        vars.put("atPolice", atPolice);
        vars.put("policeDelivery", delivery);
        String deliveryReturned = "hostile-dlv-police-" + UUID.randomUUID();
        jdbc.update("insert into partner_delivery (delivery_id, partner, dossier_code, kind, status, attempts, delivered_at)"
                + " values (?, 'police', ?, 'RESIDENCE_REGISTRATION', 'DELIVERED', 1, now())", deliveryReturned, returned);
        vars.put("policeDeliveryReturned", deliveryReturned);
        frozen.addAll(List.of(vars.get("received"), inProgress, returned, stopped, refused, atPolice));
        // devices for the registry's conflicts (and the MQTT corpus)
        deviceFixtures();
    }

    void restCase(JsonNode c) throws Exception {
        Response r = send(c);
        String what = r.describe();
        assertThat(r.status).as("never a 5xx: %s", what).isLessThan(500);
        int expected = c.path("status").asInt(0);
        if (expected != 0) {
            assertThat(r.status).as("status: %s", what).isEqualTo(expected);
        } else {
            assertThat(r.status).as("a 4xx: %s", what).isBetween(400, 499);
        }
        if (c.has("import")) {
            importOutcome(c.get("import"), r);
            return;
        }
        assertProblem(r, c.path("reason").asText(null));
    }

    /** An RFC 9457 problem with a machine-readable reason (and the expected one, when the case names it). */
    static void assertProblem(Response r, String expectedReason) {
        String what = r.describe();
        assertThat(r.contentType).as("a JSON problem: %s", what).contains("json");
        JsonNode body;
        try {
            body = JSON.readTree(r.body);
        } catch (IOException e) {
            throw new AssertionError("the body is not JSON: " + what, e);
        }
        assertThat(body.path("status").asInt()).as("problem status: %s", what).isEqualTo(r.status);
        String reason = body.path("reason").asText("");
        assertThat(reason).as("a machine-readable reason: %s", what).matches(REASON);
        if (expectedReason != null) {
            assertThat(reason).as("reason: %s", what).isEqualTo(expectedReason);
        }
    }

    /** The import answers per line (200): nothing accepted, every line rejected with its reason. */
    static void importOutcome(JsonNode expect, Response r) throws IOException {
        JsonNode body = JSON.readTree(r.body);
        String what = r.describe();
        assertThat(body.path("accepted").asLong()).as("accepted: %s", what).isZero();
        assertThat(body.path("alreadyPresent").asLong()).as("already present: %s", what).isZero();
        assertThat(body.path("rejected").asLong()).as("rejected: %s", what).isEqualTo(expect.path("rejected").asLong());
        assertThat(body.path("errors")).as("errors: %s", what).hasSize(expect.path("rejected").asInt());
        for (JsonNode e : body.path("errors")) {
            assertThat(e.path("line").asLong()).as("line of %s", e).isPositive();
            assertThat(e.path("reason").asText("")).as("reason of %s", e).isNotBlank();
            if (expect.has("problem")) {
                assertThat(e.path("problem").asText("")).as("problem of %s", e).isEqualTo(expect.get("problem").asText());
            }
            assertThat(e.path("problem").asText("")).as("machine-readable problem of %s", e).matches(REASON);
        }
        if (expect.has("contains")) {
            assertThat(body.path("errors").get(0).path("reason").asText()).as(what).contains(expect.get("contains").asText());
        }
    }

    // =============================================================================================================
    // SOAP
    // =============================================================================================================

    @TestFactory
    @Order(2)
    Stream<DynamicNode> soap() throws Exception {
        soapFixtures();
        Map<String, String[]> submissions = SUBMISSIONS.isEmpty() ? offerSubmissions() : SUBMISSIONS;
        List<DynamicNode> families = new ArrayList<>();
        for (JsonNode family : corpus("hostile/soap.json")) {
            Probe probe = new Probe(family.path("family").asText());
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : family.path("cases")) {
                cases.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    probe.start();
                    taxCase(c);
                }));
            }
            families.add(family("SOAP", probe, cases));
        }
        families.add(axisFamily());
        families.add(axisSubmissionsFamily(submissions));
        return families.stream();
    }

    /**
     * Online submissions the national portal offers (route axis-inbound-poll, AxisInbound): hostile ones are
     * acknowledged to the axis with the reason they cannot be taken in, and no dossier is made. They are offered
     * with the REST fixtures, so that the hub's polls (every hub.axis.poll-ms) have taken them in meanwhile.
     */
    private Map<String, String[]> offerSubmissions() {
        Map<String, String[]> offered = new LinkedHashMap<>();
        record Offer(String name, String procedure, Map<String, Object> applicant, String returnMethod,
                String submittedAt, String expected) {
        }
        Map<String, Object> citizen = Map.of("fullName", "Lê Thị Hồng", "idNumber", "038190004521", "phone", "0915000111");
        List<Offer> offers = List.of(
                new Offer("an unknown procedure", "9.999999", citizen, "COUNTER", null, "9.999999"),
                new Offer("a citizen ID of an unknown province", "2.000635", Map.of("fullName", "Lê Thị Hồng",
                        "idNumber", "999190004521"), "COUNTER", null, "idNumber"),
                new Offer("a name of blanks", "2.000635", Map.of("fullName", "   ", "idNumber", "038190004521"),
                        "COUNTER", null, "fullName"),
                new Offer("a phone number of letters", "2.000635", Map.of("fullName", "Lê Thị Hồng", "idNumber",
                        "038190004521", "phone", "not-a-phone"), "COUNTER", null, "phone"),
                new Offer("an e-mail that is not one", "2.000635", Map.of("fullName", "Lê Thị Hồng", "idNumber",
                        "038190004521", "email", "<script>alert(1)</script>"), "COUNTER", null, "email"),
                new Offer("a procedure that takes no online dossiers", "2.001263", citizen, "COUNTER", null, "channel"),
                new Offer("a postal return the procedure does not offer", "1.000894", citizen, "POSTAL", null, "post"),
                new Offer("submitted next year", "2.000635", citizen, "COUNTER", "2099-01-01T00:00:00Z", "future"));
        for (Offer o : offers) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("procedureCode", o.procedure());
            body.put("applicant", o.applicant());
            body.put("returnMethod", o.returnMethod());
            if (o.submittedAt() != null) {
                body.put("submittedAt", o.submittedAt());
            }
            Response r = call("POST", "/sandbox/axis/submissions", "admin", json(body), "application/json", Map.of());
            assertThat(r.status).as(r.describe()).isEqualTo(201);
            offered.put(o.name(), new String[] {r.json().path("submissionId").asText(), o.expected()});
        }
        return offered;
    }

    private DynamicNode axisSubmissionsFamily(Map<String, String[]> offered) {
        Probe probe = new Probe("national axis inbound: hostile online submissions");
        List<DynamicNode> cases = new ArrayList<>();
        offered.forEach((name, s) -> cases.add(DynamicTest.dynamicTest(name, () -> {
            probe.start();
            List<Map<String, Object>> ack = new ArrayList<>();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ack.clear();
                ack.addAll(jdbc.queryForList("select dossier_code, rejected_reason from sandbox_axis_submission"
                        + " where submission_id = ? and acknowledged_at is not null", s[0]));
                return !ack.isEmpty();
            });
            assertThat(ack.get(0).get("dossier_code")).as("no dossier for %s", s[0]).isNull();
            assertThat((String) ack.get(0).get("rejected_reason")).as("the reason told to the axis")
                    .isNotBlank().containsIgnoringCase(s[1]);
        })));
        // what the portal's own contract cannot carry is refused when it is offered (the simulated portal)
        Map<String, Map<String, Object>> uncarriable = new LinkedHashMap<>();
        uncarriable.put("the portal refuses to offer: an SQL injection as the procedure",
                Map.of("procedureCode", "2.000635' OR '1'='1"));
        uncarriable.put("the portal refuses to offer: a citizen ID of five digits",
                Map.of("applicant", Map.of("fullName", "Lê Thị Hồng", "idNumber", "12345")));
        uncarriable.put("the portal refuses to offer: a name of 300 characters",
                Map.of("applicant", Map.of("fullName", "Hồng".repeat(75), "idNumber", "038190004521")));
        uncarriable.forEach((name, body) -> cases.add(DynamicTest.dynamicTest(name, () -> {
            probe.start();
            Response r = call("POST", "/sandbox/axis/submissions", "admin", json(body), "application/json", Map.of());
            assertThat(r.status).as(r.describe()).isEqualTo(400);
            assertProblem(r, "invalid-request");
        })));
        return family("SOAP", probe, cases);
    }

    private void soapFixtures() {
        if (!vars.containsKey("received")) {
            restFixtures();
        }
        // the land dossier's tax step would be sent to the sandbox tax authority, whose callbacks race with the
        // corpus: the simulator is down meanwhile (as in TaxSoapIT), and reset after the class
        putBehaviour("/sandbox/tax/behaviour", Map.of("down", true));
        String land = dossier(LAND_PROCEDURE, "DIRECT", "COUNTER", null, null);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> "IN_PROGRESS".equals(status(land)));
        } catch (org.awaitility.core.ConditionTimeoutException notStartedByTheFlow) {
            event(land, null, "START", null);
        }
        vars.put("land", land);
        vars.put("bigComment", "<!--" + "x".repeat(1_100_000) + "-->");
        vars.put("deep", "<x>".repeat(100) + "</x>".repeat(100));
        vars.put("deep10k", "<x>".repeat(10_000) + "</x>".repeat(10_000));
        vars.put("now", Instant.now().toString());
    }

    void taxCase(JsonNode c) throws Exception {
        String envelope = taxEnvelope(c);
        byte[] bytes = c.has("base64") ? Base64.getDecoder().decode(c.get("base64").asText())
                : envelope.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl() + "/services/tax"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", c.path("contentType").asText("text/xml; charset=UTF-8"))
                .header("SOAPAction", "\"urn:lienthong:tax:v1:" + c.path("action").asText("SubmitTaxNotice") + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        withAuth(c.path("as").asText("tax"), new LinkedHashMap<>()).forEach(req::header);
        Response r = Response.of(HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray()));
        if (c.has("status")) {
            // refused before SOAP (authentication): a problem like the REST API's
            assertThat(r.status).as(r.describe()).isEqualTo(c.get("status").asInt());
            assertProblem(r, c.path("reason").asText(null));
            return;
        }
        assertSenderFault(r, c.path("reason").asText(null));
    }

    /**
     * A SOAP 1.1 fault (HTTP 500, as SOAP 1.1 requires) blaming the sender ({@code soap:Client}) with the hub's
     * machine-readable reason in its detail ({@code tax:TaxMessageRejected/tax:reason}).
     */
    static void assertSenderFault(Response r, String expectedReason) {
        String body = r.text();
        String what = r.describe();
        assertThat(r.status).as("SOAP 1.1 fault status: %s", what).isEqualTo(500);
        assertThat(body).as(what).contains("Fault>");
        Matcher code = Pattern.compile("<faultcode[^>]*>(?:[\\w.-]+:)?(\\w+)</faultcode>").matcher(body);
        assertThat(code.find()).as("a faultcode: %s", what).isTrue();
        // soap:Client, or soap:VersionMismatch (SOAP 1.1's code for an envelope of another version): the sender's fault
        assertThat(code.group(1)).as("a sender fault: %s", what).isIn("Client", "VersionMismatch");
        Matcher reason = Pattern.compile("<(?:\\w+:)?TaxMessageRejected[^>]*>\\s*<(?:\\w+:)?reason>([^<]*)</").matcher(body);
        assertThat(reason.find()).as("a TaxMessageRejected detail with the reason: %s", what).isTrue();
        assertThat(reason.group(1)).as(what).matches(REASON);
        if (expectedReason != null) {
            assertThat(reason.group(1)).as("reason: %s", what).isEqualTo(expectedReason);
        }
        assertThat(body).as("no file content leaked: %s", what).doesNotContain("root:x:0:0");
    }

    String taxEnvelope(JsonNode c) {
        String envelope;
        if (c.has("raw")) {
            envelope = c.get("raw").asText();
        } else {
            String op = c.path("base").asText("notice");
            String inner = switch (op) {
                case "notice" -> "<tax:SubmitTaxNotice><tax:noticeId>HOSTILE-${uuid}</tax:noticeId>"
                        + "<tax:dossierCode>${land}</tax:dossierCode><tax:landUseFeeVnd>1000</tax:landUseFeeVnd>"
                        + "<tax:registrationFeeVnd>500</tax:registrationFeeVnd>"
                        + "<tax:paymentDeadline>2030-01-01</tax:paymentDeadline></tax:SubmitTaxNotice>";
                case "payment" -> "<tax:ConfirmPayment><tax:paymentId>HOSTILE-PAY-${uuid}</tax:paymentId>"
                        + "<tax:dossierCode>${land}</tax:dossierCode><tax:paidAt>${now}</tax:paidAt>"
                        + "<tax:amountVnd>1500</tax:amountVnd><tax:receiptNumber>BL-HOSTILE</tax:receiptNumber>"
                        + "</tax:ConfirmPayment>";
                default -> throw new IllegalArgumentException("no SOAP base " + op);
            };
            envelope = c.path("prolog").asText("") + "<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\" xmlns:tax=\""
                    + TAX_NS + "\"><soap:Body>" + inner + "</soap:Body></soap:Envelope>";
        }
        for (JsonNode pair : c.path("replace")) {
            String from = pair.get(0).asText();
            assertThat(envelope).as("case %s: the text to replace", c.path("name").asText()).contains(from);
            envelope = envelope.replace(from, pair.get(1).asText());
        }
        return fill(envelope);
    }

    /** The sandbox national axis refuses what is not signed by a key it trusts (WS-Security), like the real one. */
    private DynamicNode axisFamily() {
        Probe probe = new Probe("national axis (sandbox): WS-Security forgeries");
        List<DynamicNode> cases = new ArrayList<>();
        record AxisCase(String name, Supplier<String> envelope) {
        }
        String code = "000.00.09.H56-991231-9998";
        List<AxisCase> all = List.of(
                new AxisCase("not signed at all", () -> axisEnvelope(code)),
                new AxisCase("signed by the hub, then the status changed in flight",
                        () -> sign(axisEnvelope(code), hubKeystore, hubKeystorePassword, "hub", 300, true)
                                .replace("<ax:status>2</ax:status>", "<ax:status>9</ax:status>")),
                new AxisCase("signed by the hub, then the applicant's ID changed in flight",
                        () -> sign(axisEnvelope(code), hubKeystore, hubKeystorePassword, "hub", 300, true)
                                .replace("038090001234", "038090009999")),
                new AxisCase("signed by a key the axis does not trust",
                        () -> sign(axisEnvelope(code), dataDir.resolve("keys/sandbox-axis.p12"), "sandbox-axis-simulator",
                                "rogue", 300, true)),
                new AxisCase("signature over the timestamp only, the body unsigned",
                        () -> sign(axisEnvelope(code), hubKeystore, hubKeystorePassword, "hub", 300, false)),
                new AxisCase("a signature whose value was zeroed", () -> sign(axisEnvelope(code), hubKeystore,
                        hubKeystorePassword, "hub", 300, true).replaceAll("(<ds:SignatureValue>)[^<]+", "$1AAAA")),
                new AxisCase("the BinarySecurityToken swapped for garbage", () -> sign(axisEnvelope(code), hubKeystore,
                        hubKeystorePassword, "hub", 300, true).replaceAll("(<wsse:BinarySecurityToken[^>]*>)[^<]+", "$1TUlJQg==")),
                new AxisCase("a timestamp that expired", () -> {
                    String signed = sign(axisEnvelope(code), hubKeystore, hubKeystorePassword, "hub", 1, true);
                    Instant expired = Instant.now().plusMillis(2100);
                    await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(5))
                            .until(() -> Instant.now().isAfter(expired));
                    return signed;
                }),
                new AxisCase("a timestamp without a signature", () -> timestampOnly(axisEnvelope(code))),
                new AxisCase("XXE in a signed-looking envelope", () -> "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x "
                        + "SYSTEM \"file:///etc/passwd\">]>" + axisEnvelope(code).replace("Nguyễn Văn An", "&x;")),
                new AxisCase("billion laughs to the axis", () -> billionLaughs() + axisEnvelope(code)
                        .replace("Nguyễn Văn An", "&lol9;")));
        for (AxisCase a : all) {
            cases.add(DynamicTest.dynamicTest(a.name(), () -> {
                probe.start();
                String deliveryId = "dlv-axis-forged-" + UUID.randomUUID();
                String envelope = a.envelope().get().replace("DELIVERY-ID", deliveryId);
                Response r = Response.of(HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/sandbox/axis/soap"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"urn:lienthong:axis:v1:SyncDossier\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
                String what = r.describe();
                assertThat(r.status).as(what).isEqualTo(500);
                assertThat(r.text()).as(what).contains("Fault>");
                // refused by WS-Security (or the XML parser), before the axis looked at the session token
                assertThat(r.text()).as("refused before the business check: %s", what).doesNotContain("token-expired")
                        .doesNotContain("root:x:0:0");
                assertThat(count("select count(*) from sandbox_message where delivery_id = ?", deliveryId)).isZero();
            }));
        }
        return family("SOAP", probe, cases);
    }

    static String axisEnvelope(String code) {
        String now = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(Instant.now().atZone(ZONE));
        return """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body>\
                <ax:SyncDossier xmlns:ax="urn:lienthong:axis:v1">\
                <ax:token>not-a-session-token-0000</ax:token><ax:deliveryId>DELIVERY-ID</ax:deliveryId>\
                <ax:dossier><ax:dossierCode>%s</ax:dossierCode><ax:procedureCode>2.000559</ax:procedureCode>\
                <ax:agencyCode>000.00.09.H56</ax:agencyCode>\
                <ax:applicant><ax:fullName>Nguyễn Văn An</ax:fullName><ax:idNumber>038090001234</ax:idNumber></ax:applicant>\
                <ax:channel>1</ax:channel><ax:receivedAt>%s</ax:receivedAt><ax:status>2</ax:status>\
                <ax:feesVnd>0</ax:feesVnd></ax:dossier></ax:SyncDossier></soap:Body></soap:Envelope>"""
                .formatted(code, now);
    }

    /** Signs like a WS-Security sender: a Timestamp, then an X.509 signature over the Timestamp (and the Body). */
    static String sign(String envelope, Path keystore, String password, String alias, int ttl, boolean body) {
        try {
            WSSConfig.init();
            Document doc = parse(envelope);
            WSSecHeader header = new WSSecHeader(doc);
            header.insertSecurityHeader();
            WSSecTimestamp timestamp = new WSSecTimestamp(header);
            timestamp.setTimeToLive(ttl);
            timestamp.build();
            Properties props = new Properties();
            props.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
            props.put("org.apache.wss4j.crypto.merlin.keystore.type", "PKCS12");
            props.put("org.apache.wss4j.crypto.merlin.keystore.file", keystore.toString());
            props.put("org.apache.wss4j.crypto.merlin.keystore.password", password);
            Crypto crypto = CryptoFactory.getInstance(props);
            WSSecSignature signature = new WSSecSignature(header);
            signature.setUserInfo(alias, password);
            signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
            signature.setSignatureAlgorithm(WSConstants.RSA_SHA256);
            signature.setDigestAlgo(WSConstants.SHA256);
            signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, "Element"));
            if (body) {
                signature.getParts().add(new WSEncryptionPart("Body", SOAP_NS, "Element"));
            }
            signature.build(crypto);
            return serialize(doc);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the test envelope", e);
        }
    }

    static String timestampOnly(String envelope) {
        try {
            WSSConfig.init();
            Document doc = parse(envelope);
            WSSecHeader header = new WSSecHeader(doc);
            header.insertSecurityHeader();
            WSSecTimestamp timestamp = new WSSecTimestamp(header);
            timestamp.setTimeToLive(300);
            timestamp.build();
            return serialize(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String serialize(Document doc) throws Exception {
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY lol \"lol\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            String prev = i == 2 ? "&lol;" : "&lol" + (i - 1) + ";";
            dtd.append(prev.repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    // =============================================================================================================
    // Vietnam Post webhooks
    // =============================================================================================================

    @TestFactory
    @Order(3)
    Stream<DynamicNode> webhooks() {
        webhookFixtures();
        List<DynamicNode> families = new ArrayList<>();
        for (JsonNode family : corpus("hostile/webhooks.json")) {
            Probe probe = new Probe(family.path("family").asText());
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : family.path("cases")) {
                cases.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    probe.start();
                    webhookCase(c);
                }));
            }
            families.add(family("webhooks", probe, cases));
        }
        return families.stream();
    }

    private void webhookFixtures() {
        if (!vars.containsKey("received")) {
            restFixtures();
        }
        // the test plays the post: the sandbox takes the order but sends no events of its own
        putBehaviour("/sandbox/vnpost/behaviour", Map.of("webhooks", false, "latencyMs", 0, "failureRate", 0));
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Lê Thị Hoa");
        applicant.put("idNumber", "038190012345");
        applicant.put("phone", "0912345678");
        Map<String, Object> booking = new LinkedHashMap<>();
        booking.put("procedureCode", PROCEDURE);
        booking.put("applicant", applicant);
        booking.put("pickupAddress", "Thôn 3, xã Hoằng Hóa, Thanh Hóa");
        booking.put("returnMethod", "COUNTER");
        Response r = call("POST", "/api/v1/post/pickups", "onestop", json(booking), "application/json", Map.of());
        assertThat(r.status).as(r.describe()).isEqualTo(201);
        JsonNode answer = r.json();
        String code = answer.path("dossier").path("code").asText();
        vars.put("pickupDossier", code);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from parcel where dossier_code = ? and tracking_number is not null", Long.class, code) == 1);
        Map<String, Object> parcel = jdbc.queryForMap(
                "select tracking_number, order_id, status from parcel where dossier_code = ?", code);
        vars.put("tn", (String) parcel.get("tracking_number"));
        vars.put("orderId", (String) parcel.get("order_id"));
        frozen.add(code);
    }

    void webhookCase(JsonNode c) throws Exception {
        byte[] body = body(c, "parcelEvent");
        String signature = switch (c.path("signature").asText("valid")) {
            case "valid" -> WebhookSignature.sign(webhookSecret, body);
            case "none" -> null;
            case "empty" -> "";
            case "wrongSecret" -> WebhookSignature.sign("not-the-secret", body);
            case "secretWithSpace" -> WebhookSignature.sign(webhookSecret + " ", body);
            case "truncated" -> WebhookSignature.sign(webhookSecret, body).substring(0, 63);
            case "extended" -> WebhookSignature.sign(webhookSecret, body) + "0";
            case "nonHex" -> "z".repeat(64);
            case "sha1" -> "sha1=" + WebhookSignature.sign(webhookSecret, body).substring(0, 40);
            case "prefixOnly" -> "sha256=";
            case "otherBody" -> WebhookSignature.sign(webhookSecret, "{}".getBytes(StandardCharsets.UTF_8));
            case "beforeTrailingSpace" -> WebhookSignature.sign(webhookSecret,
                    java.util.Arrays.copyOf(body, Math.max(0, body.length - 1)));
            case "twice" -> WebhookSignature.sign(webhookSecret, body) + "," + WebhookSignature.sign(webhookSecret, body);
            case "base64" -> Base64.getEncoder().encodeToString(
                    java.util.HexFormat.of().parseHex(WebhookSignature.sign(webhookSecret, body)));
            case "sqlInjection" -> "' OR '1'='1";
            default -> throw new IllegalArgumentException("no signature mode " + c.path("signature").asText());
        };
        Map<String, String> headers = new LinkedHashMap<>();
        if (signature != null) {
            headers.put(WebhookSignature.HEADER, signature);
        }
        if (c.has("as")) {
            headers.put("X-API-Key", apiKey(c.get("as").asText()));
        }
        Response r = raw("POST", "/api/v1/post/events", body, c.path("contentType").asText("application/json"), headers);
        String what = r.describe();
        assertThat(r.status).as("never a 5xx: %s", what).isLessThan(500);
        assertThat(r.status).as("status: %s", what).isEqualTo(c.path("status").asInt());
        assertProblem(r, c.path("reason").asText(null));
    }

    // =============================================================================================================
    // MQTT
    // =============================================================================================================

    final List<MqttClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TestFactory
    @Order(4)
    Stream<DynamicNode> mqtt() throws Exception {
        if (!vars.containsKey("pad")) {
            deviceFixtures();
        }
        Map<String, MqttClient> as = new LinkedHashMap<>();
        as.put("pad", connect(vars.get("padUser"), vars.get("padPassword")));
        as.put("kiosk", connect(vars.get("kioskUser"), vars.get("kioskPassword")));
        as.put("hub", connect(mqtt.username(), mqtt.password()));
        List<DynamicNode> families = new ArrayList<>();
        for (JsonNode family : corpus("hostile/mqtt.json")) {
            Probe probe = new Probe(family.path("family").asText());
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : family.path("cases")) {
                cases.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> {
                    probe.start();
                    mqttCase(c, as);
                }));
            }
            families.add(family("MQTT", probe, cases));
        }
        families.add(brokerFamily());
        // not a hostile case: after the corpus the pad's next good vote is stored, the flow went on
        families.add(DynamicTest.dynamicTest("control: a good vote after the corpus is stored", () -> {
            String eventId = "hostile-control-" + UUID.randomUUID();
            as.get("pad").publish(fill("hcc/${center}/rating/${pad}"), message(fill(
                    "{\"eventId\":\"" + eventId + "\",\"at\":\"${nowLocal}\",\"counterId\":\"${padCounter}\","
                            + "\"rating\":\"SATISFIED\"}").getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(20)).until(() -> count(
                    "select count(*) from device_event where device_id = ? and event_id = ?", vars.get("pad"), eventId) == 1);
            assertThat(count("select count(*) from device_event where device_id in (?, ?) and channel <> 'HUB'",
                    vars.get("pad"), vars.get("kiosk"))).as("only the control vote is stored").isEqualTo(1);
        }));
        return families.stream();
    }

    void mqttCase(JsonNode c, Map<String, MqttClient> as) throws Exception {
        String who = c.path("as").asText("pad");
        String topic = fill(c.has("topic") ? c.get("topic").asText() : switch (who) {
            case "kiosk" -> "hcc/${center}/queue/${kiosk}";
            default -> "hcc/${center}/" + c.path("channel").asText("rating") + "/${pad}";
        });
        byte[] payload = c.has("base64") ? Base64.getDecoder().decode(c.get("base64").asText())
                : c.has("generate") ? generateRaw(c.get("generate")) : fill(c.path("payload").asText("")).getBytes(StandardCharsets.UTF_8);
        Long last = jdbc.queryForObject("select coalesce(max(id), 0) from parked_message", Long.class);
        as.get(who).publish(topic, message(payload));
        String expected = c.path("parked").asText();
        List<Map<String, Object>> parked = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            parked.clear();
            parked.addAll(jdbc.queryForList("select reason, body, headers::text as headers from parked_message"
                    + " where id > ? and source = ? order by id", last, topic));
            return !parked.isEmpty();
        });
        assertThat(parked).as("one parked message for %s", topic).hasSize(1);
        String reason = (String) parked.get(0).get("reason");
        assertThat(reason).as("the parked message's reason").isNotBlank().startsWith(expected);
        String stored = (String) parked.get(0).get("body");
        assertThat(stored).as("the payload is kept for the operators").isNotNull();
        if (c.has("base64") || c.has("binary")) {
            assertThat(stored.equals(new String(payload, StandardCharsets.UTF_8))
                    || String.valueOf(parked.get(0).get("headers")).contains("base64")).isTrue();
        }
    }

    /** What the broker itself refuses: wrong credentials, someone else's topic. Nothing reaches the hub. */
    private DynamicNode brokerFamily() {
        Probe probe = new Probe("broker: credentials and topics");
        List<DynamicNode> cases = new ArrayList<>();
        String padUser = vars.get("padUser");
        String padPassword = vars.get("padPassword");
        record Refused(String name, String user, String password, String clientId) {
        }
        List<Refused> refused = List.of(
                new Refused("wrong password", padUser, "not-the-password-0000", null),
                new Refused("unknown user", "nobody-" + shortId(), padPassword, null),
                new Refused("no credentials at all", null, null, null),
                new Refused("empty password", padUser, "", null),
                new Refused("SQL injection as the user name", "' OR '1'='1' --", padPassword, null),
                new Refused("a device taking the hub's client id", padUser, padPassword, "hub-device-ingest"),
                new Refused("a device taking the hub's client id right after connecting properly", padUser, padPassword,
                        "hub-device-ingest-after"),
                new Refused("the hub's user with a wrong password", mqtt.username().isEmpty() ? "hub" : mqtt.username(),
                        "wrong-" + shortId(), null));
        for (Refused x : refused) {
            cases.add(DynamicTest.dynamicTest("connect refused: " + x.name(), () -> {
                probe.start();
                String clientId = x.clientId();
                if (clientId != null && clientId.endsWith("-after")) {
                    // the same credentials were just accepted with a client id of its own
                    MqttClient good = connect(padUser, padPassword);
                    good.disconnect();
                    good.close();
                    clients.remove(good);
                    clientId = clientId.substring(0, clientId.length() - "-after".length());
                }
                MqttClient client = new MqttClient(mqtt.url(), clientId != null ? clientId
                        : "hostile-" + UUID.randomUUID(), new MemoryPersistence());
                try {
                    MqttConnectionOptions options = new MqttConnectionOptions();
                    options.setConnectionTimeout(10);
                    options.setAutomaticReconnect(false);
                    if (x.user() != null) {
                        options.setUserName(x.user());
                    }
                    if (x.password() != null) {
                        options.setPassword(x.password().getBytes(StandardCharsets.UTF_8));
                    }
                    MqttException e = null;
                    try {
                        client.connect(options);
                    } catch (MqttException refusedAtConnect) {
                        e = refusedAtConnect;
                    }
                    assertThat(e).as("the broker refuses the connection").isNotNull();
                    // CONNACK reason codes of MQTT 5 (0x80 and above: refused, and why)
                    assertThat(e.getReasonCode()).as("a refusal's reason code: %s", e).isGreaterThanOrEqualTo(0x80);
                } finally {
                    if (client.isConnected()) {
                        client.disconnectForcibly(1000);
                    }
                    client.close();
                }
                if (padUser.equals(x.user())) {
                    // the device's own credentials still work at once: a refusal is not remembered against them
                    MqttClient again = connect(padUser, padPassword);
                    again.disconnect();
                    again.close();
                    clients.remove(again);
                }
            }));
        }
        cases.add(DynamicTest.dynamicTest("publish refused: a pad on another pad's topic", () -> {
            probe.start();
            assertForeignPublishRefused(fill("hcc/${center}/rating/${otherPad}"));
        }));
        cases.add(DynamicTest.dynamicTest("publish refused: a pad on a queue topic of its own id", () -> {
            probe.start();
            assertForeignPublishRefused(fill("hcc/${center}/queue/${pad}"));
        }));
        cases.add(DynamicTest.dynamicTest("publish refused: a pad on a wildcard-looking topic of another center", () -> {
            probe.start();
            assertForeignPublishRefused(fill("hcc/other-center/rating/${pad}"));
        }));
        return family("MQTT", probe, cases);
    }

    private void assertForeignPublishRefused(String topic) throws Exception {
        Long last = jdbc.queryForObject("select coalesce(max(id), 0) from parked_message", Long.class);
        String eventId = "hostile-stolen-" + UUID.randomUUID();
        MqttClient client = connect(vars.get("padUser"), vars.get("padPassword"));
        Integer reasonCode = null;
        try {
            MqttMessage m = message(fill("{\"eventId\":\"" + eventId + "\",\"at\":\"${nowLocal}\",\"counterId\":\"X\","
                    + "\"rating\":\"UNSATISFIED\"}").getBytes(StandardCharsets.UTF_8));
            try {
                client.publish(topic, m);
            } catch (MqttException e) {
                reasonCode = e.getReasonCode();
            }
        } finally {
            if (client.isConnected()) {
                client.disconnectForcibly(1000);
            }
            client.close();
            clients.remove(client);
        }
        // the broker answered with a refusal (PUBACK 0x87) or dropped the connection: either way nothing arrives
        if (reasonCode != null) {
            assertThat(reasonCode).as("PUBACK/DISCONNECT reason code").isGreaterThanOrEqualTo(0x80);
        }
        // the ingest keeps order per client: a good message sent afterwards by the pad arrives after it would have
        String control = "hostile-after-" + UUID.randomUUID();
        MqttClient pad = connect(vars.get("padUser"), vars.get("padPassword"));
        try {
            pad.publish(fill("hcc/${center}/status/${pad}"), message(fill(
                    "{\"at\":\"" + Instant.now().atZone(ZONE).toOffsetDateTime() + "\",\"state\":\"ONLINE\",\"firmware\":\""
                            + control.substring(0, 30) + "\"}").getBytes(StandardCharsets.UTF_8)));
        } finally {
            pad.disconnect();
            pad.close();
            clients.remove(pad);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "select count(*) from device_event where device_id = ? and firmware = ?", vars.get("pad"),
                control.substring(0, 30)) == 1);
        jdbc.update("delete from device_event where device_id = ? and channel = 'STATUS'", vars.get("pad"));
        assertThat(count("select count(*) from device_event where event_id = ?", eventId)).as("never stored").isZero();
        assertThat(count("select count(*) from parked_message where id > ? and body like ?", last, "%" + eventId + "%"))
                .as("never reached the hub").isZero();
    }

    MqttClient connect(String user, String password) throws MqttException {
        MqttClient client = new MqttClient(mqtt.url(), "hostile-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        if (user != null && !user.isEmpty()) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options);
        clients.add(client);
        return client;
    }

    static MqttMessage message(byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        return m;
    }

    private void deviceFixtures() {
        if (vars.containsKey("pad")) {
            return;
        }
        vars.put("center", CENTER);
        vars.put("nowLocal", Instant.now().atZone(ZONE).toOffsetDateTime().toString());
        String[] pad = registerDevice("RATING");
        vars.put("pad", pad[0]);
        vars.put("padUser", pad[1]);
        vars.put("padPassword", pad[2]);
        vars.put("padCounter", pad[3]);
        String[] kiosk = registerDevice("KIOSK");
        vars.put("kiosk", kiosk[0]);
        vars.put("kioskUser", kiosk[1]);
        vars.put("kioskPassword", kiosk[2]);
        vars.put("otherPad", registerDevice("RATING")[0]);
    }

    String[] registerDevice(String kind) {
        String suffix = shortId();
        String id = "hostile-" + kind.toLowerCase() + "-" + suffix;
        String user = "hu-" + suffix;
        String password = "pw-" + UUID.randomUUID();
        String counter = "C-" + suffix;
        Map<String, Object> body = Map.of("deviceId", id, "kind", kind, "center", CENTER, "counterId", counter,
                "username", user, "password", password);
        Response r = call("POST", "/api/v1/devices", "admin", json(body), "application/json", Map.of());
        assertThat(r.status).as(r.describe()).isEqualTo(201);
        return new String[] {id, user, password, counter};
    }

    // =============================================================================================================
    // Unicode: Vietnamese text in NFD is the same text as in NFC
    // =============================================================================================================

    @TestFactory
    @Order(0)
    Stream<DynamicNode> unicodeNormalization() {
        started = System.nanoTime();
        String nfc = "Nguyễn Thị Ánh Tuyết";
        String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
        String addressNfc = "Số 12 đường Trần Hưng Đạo, phường Điện Biên, Thanh Hóa";
        String addressNfd = Normalizer.normalize(addressNfc, Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc);
        String key = "hostile-nfd-" + UUID.randomUUID();
        Map<String, String> created = new ConcurrentHashMap<>();
        return Stream.of(
                DynamicTest.dynamicTest("a name and address sent in NFD are stored in NFC", () -> {
                    Response r = call("POST", "/api/v1/dossiers", "onestop", json(newDossier(nfd, addressNfd)),
                            "application/json", Map.of("Idempotency-Key", key));
                    assertThat(r.status).as(r.describe()).isEqualTo(201);
                    String code = r.json().path("code").asText();
                    created.put("code", code);
                    Map<String, Object> row = jdbc.queryForMap(
                            "select applicant_name, applicant_address from dossier where code = ?", code);
                    assertThat(row.get("applicant_name")).isEqualTo(nfc);
                    assertThat(row.get("applicant_address")).isEqualTo(addressNfc);
                    assertThat(r.json().path("applicant").path("fullName").asText()).isEqualTo(nfc);
                }),
                DynamicTest.dynamicTest("the same request in NFC with the same Idempotency-Key is the same dossier", () -> {
                    Response r = call("POST", "/api/v1/dossiers", "onestop", json(newDossier(nfc, addressNfc)),
                            "application/json", Map.of("Idempotency-Key", key));
                    assertThat(r.status).as(r.describe()).isEqualTo(200);
                    assertThat(r.json().path("code").asText()).isEqualTo(created.get("code"));
                }),
                DynamicTest.dynamicTest("the names compare equal in the store whichever form is looked up", () -> {
                    assertThat(count("select count(*) from dossier where code = ? and applicant_name = ?",
                            created.get("code"), Normalizer.normalize(nfd, Normalizer.Form.NFC))).isEqualTo(1);
                    assertThat(count("select count(*) from dossier where code = ? and applicant_name = ?",
                            created.get("code"), nfd)).as("NFD is never stored").isZero();
                }),
                DynamicTest.dynamicTest("a 200-character name is accepted in NFD too (limits count NFC characters)", () -> {
                    String longNfc = ("Nguyễn Thị Ánh Tuyết " + "Hồ Phạm Đặng Trịnh ".repeat(12)).substring(0, 200).strip();
                    String longNfd = Normalizer.normalize(longNfc, Normalizer.Form.NFD);
                    assertThat(longNfc.length()).isLessThanOrEqualTo(200);
                    assertThat(longNfd.length()).isGreaterThan(200);
                    Response r = call("POST", "/api/v1/dossiers", "onestop", json(newDossier(longNfd, addressNfd)),
                            "application/json", Map.of());
                    assertThat(r.status).as(r.describe()).isEqualTo(201);
                    assertThat(jdbc.queryForObject("select applicant_name from dossier where code = ?", String.class,
                            r.json().path("code").asText())).isEqualTo(longNfc);
                }),
                DynamicTest.dynamicTest("an event's reason and actor sent in NFD are recorded in NFC", () -> {
                    String reasonNfc = "Thiếu bản sao Giấy chứng nhận quyền sử dụng đất";
                    String actorNfc = "cán.bộ.Hưng";
                    Map<String, Object> e = Map.of("eventId", "hostile-nfd-start-" + UUID.randomUUID(), "type", "START",
                            "actor", Normalizer.normalize(actorNfc, Normalizer.Form.NFD));
                    Response start = call("POST", "/api/v1/dossiers/" + created.get("code") + "/events", "onestop",
                            json(e), "application/json", Map.of());
                    assertThat(start.status).as(start.describe()).isEqualTo(200);
                    Map<String, Object> s = Map.of("eventId", "hostile-nfd-supp-" + UUID.randomUUID(), "type",
                            "REQUEST_SUPPLEMENT", "reason", Normalizer.normalize(reasonNfc, Normalizer.Form.NFD));
                    Response supplement = call("POST", "/api/v1/dossiers/" + created.get("code") + "/events", "onestop",
                            json(s), "application/json", Map.of());
                    assertThat(supplement.status).as(supplement.describe()).isEqualTo(200);
                    assertThat(jdbc.queryForList("select actor from dossier_history h join dossier d on d.id = h.dossier_id"
                            + " where d.code = ? and h.type = 'START'", String.class, created.get("code"))).containsExactly(actorNfc);
                    assertThat(jdbc.queryForList("select reason from dossier_history h join dossier d on d.id = h.dossier_id"
                            + " where d.code = ? and h.type = 'REQUEST_SUPPLEMENT'", String.class, created.get("code")))
                            .containsExactly(reasonNfc);
                }),
                DynamicTest.dynamicTest("a pickup address in NFD is stored in NFC; the NFC replay is the same booking", () -> {
                    String pickupNfc = "Thôn Đông Hưng, xã Hoằng Đạo, Thanh Hóa";
                    String pickupKey = "hostile-nfd-pickup-" + UUID.randomUUID();
                    Response first = call("POST", "/api/v1/post/pickups", "onestop",
                            json(pickup(nfd, Normalizer.normalize(pickupNfc, Normalizer.Form.NFD))), "application/json",
                            Map.of("Idempotency-Key", pickupKey));
                    assertThat(first.status).as(first.describe()).isEqualTo(201);
                    String code = first.json().path("dossier").path("code").asText();
                    assertThat(jdbc.queryForObject("select from_address from parcel where dossier_code = ?", String.class,
                            code)).isEqualTo(pickupNfc);
                    assertThat(jdbc.queryForObject("select applicant_name from dossier where code = ?", String.class,
                            code)).isEqualTo(nfc);
                    Response again = call("POST", "/api/v1/post/pickups", "onestop", json(pickup(nfc, pickupNfc)),
                            "application/json", Map.of("Idempotency-Key", pickupKey));
                    assertThat(again.status).as(again.describe()).isEqualTo(200);
                    assertThat(again.json().path("dossier").path("code").asText()).isEqualTo(code);
                }),
                DynamicTest.dynamicTest("an imported applicant in NFD is stored in NFC", () -> {
                    String code = "000.00.09.H56-" + LocalDate.now(ZONE).minusDays(3).format(DateTimeFormatter.ofPattern("yyMMdd"))
                            + "-" + (9000 + (int) (Math.random() * 900));
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("code", code);
                    line.put("procedureCode", PROCEDURE);
                    line.put("channel", "DIRECT");
                    line.put("returnMethod", "COUNTER");
                    line.put("applicant", Map.of("fullName", nfd, "idNumber", "038090001234", "address", addressNfd));
                    line.put("receivedAt", LocalDate.now(ZONE).minusDays(3).atTime(9, 0).atZone(ZONE).toInstant().toString());
                    Response r = call("POST", "/api/v1/dossiers/import", "onestop", json(line), "application/x-ndjson", Map.of());
                    assertThat(r.status).as(r.describe()).isEqualTo(200);
                    assertThat(r.json().path("accepted").asLong()).as(r.describe()).isEqualTo(1);
                    assertThat(jdbc.queryForObject("select applicant_name from dossier where code = ?", String.class,
                            code)).isEqualTo(nfc);
                }),
                DynamicTest.dynamicTest("the catalog finds the same procedures for a query in NFD and in NFC", () -> {
                    String q = "đăng ký khai sinh";
                    Response a = call("GET", "/api/v1/procedures?q=" + encode(q), "onestop", null, null, Map.of());
                    Response b = call("GET", "/api/v1/procedures?q=" + encode(Normalizer.normalize(q, Normalizer.Form.NFD)),
                            "onestop", null, null, Map.of());
                    assertThat(a.status).isEqualTo(200);
                    assertThat(a.json().path("content").size()).isPositive();
                    assertThat(b.json()).isEqualTo(a.json());
                }));
    }

    static Map<String, Object> newDossier(String name, String address) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", name);
        applicant.put("idNumber", "038090001234");
        applicant.put("phone", "0912345678");
        applicant.put("address", address);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("procedureCode", PROCEDURE);
        b.put("applicant", applicant);
        b.put("channel", "DIRECT");
        b.put("returnMethod", "COUNTER");
        return b;
    }

    static Map<String, Object> pickup(String name, String address) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", name);
        applicant.put("idNumber", "038190012345");
        applicant.put("phone", "0912345678");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("procedureCode", PROCEDURE);
        b.put("applicant", applicant);
        b.put("pickupAddress", address);
        b.put("returnMethod", "COUNTER");
        return b;
    }

    // =============================================================================================================
    // After everything
    // =============================================================================================================

    @Test
    @Order(5)
    void afterTheWholeCorpusTheHubIsHealthyAndItsRelayNotStuck() {
        Response health = call("GET", "/actuator/health", "none", null, null, Map.of());
        assertThat(health.status).as(health.describe()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        // every committed change still reaches Kafka: no poison row holds the outbox relay back
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(
                "select count(*) from outbox where published_at is null and created_at < now() - interval '5 seconds'"))
                .as("outbox rows waiting for more than 5 s").isZero());
        // the tables the injection strings aimed at are all there
        for (String table : List.of("dossier", "dossier_history", "outbox", "agency", "procedure_version", "parcel",
                "parcel_event", "device", "device_event", "parked_message", "idempotency_key", "calendar_day")) {
            assertThat(jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, table)).as(table).isTrue();
        }
        System.out.printf("Hostile-input corpus: %s cases (%d in all) in %.1f s%n", counts,
                counts.values().stream().mapToInt(Integer::intValue).sum(), (System.nanoTime() - started) / 1e9);
    }

    /** After each surface: the sandbox partners as they were, the test's MQTT clients closed. */
    @AfterEach
    void resetPartners() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
        putBehaviour("/sandbox/tax/behaviour", Map.of());
        putBehaviour("/sandbox/vnpost/behaviour", Map.of());
    }

    // =============================================================================================================
    // Families and the probe of what was written
    // =============================================================================================================

    /** A family of cases, then its check that nothing was written. */
    private DynamicNode family(String surface, Probe probe, List<DynamicNode> cases) {
        counts.merge(surface, cases.size(), Integer::sum);
        List<DynamicNode> all = new ArrayList<>(cases);
        all.add(DynamicTest.dynamicTest("nothing written by the " + cases.size() + " cases above", probe::verify));
        return DynamicContainer.dynamicContainer(surface + ": " + probe.name + " (" + cases.size() + " cases)", all);
    }

    /**
     * Counts, at the start of a family and after it, every row its cases could have written: fixture dossiers
     * (status, version, history), and rows since the family started in the tables of the dossier store, partners,
     * devices, catalog and calendar. The hub keeps working in the background (other tests' flows, the deadline scan),
     * so rows are counted by what the corpus could have touched, not in whole tables.
     */
    final class Probe {
        final String name;
        Timestamp t0;
        Map<String, Object> fixtures;

        Probe(String name) {
            this.name = name;
        }

        synchronized void start() {
            if (t0 == null) {
                Timestamp db = jdbc.queryForObject("select clock_timestamp()", Timestamp.class);
                Timestamp java = Timestamp.from(Instant.now());
                t0 = db.before(java) ? db : java;
                fixtures = fixtures();
            }
        }

        void verify() {
            start();
            assertThat(fixtures()).as("fixture dossiers (status, version, history lines)").isEqualTo(fixtures);
            String[] codes = frozen.toArray(String[]::new);
            Map<String, Long> written = new LinkedHashMap<>();
            written.put("dossiers", count("select count(*) from dossier where parent_id is null and created_at >= ?", t0));
            written.put("history lines", count("""
                    select count(*) from dossier_history h where h.recorded_at >= ? and (h.event_id ilike '%hostile%'
                      or h.dossier_id in (select id from dossier where code = any(?) or created_at >= ?))""", t0, codes, t0));
            written.put("outbox rows", count("""
                    select count(*) from outbox o where o.created_at >= ? and (o.event_id ilike '%hostile%'
                      or o.dossier_code = any(?) or o.dossier_code in (select code from dossier where created_at >= ?))""",
                    t0, codes, t0));
            written.put("idempotency keys", count("select count(*) from idempotency_key where created_at >= ?", t0));
            written.put("pauses", count("select count(*) from dossier_pause p join dossier d on d.id = p.dossier_id"
                    + " where d.code = any(?) and p.started_at >= ?", codes, t0));
            written.put("parcels", count("select count(*) from parcel where created_at >= ? or (updated_at >= ?"
                    + " and dossier_code = any(?))", t0, t0, codes));
            written.put("parcel events", count("select count(*) from parcel_event where received_at >= ? and (event_id"
                    + " ilike '%hostile%' or parcel_id in (select id from parcel where dossier_code = any(?)))", t0, codes));
            written.put("partner deliveries answered", count("select count(*) from dossier_history where event_id like"
                    + " 'result:hostile%' and recorded_at >= ?", t0));
            written.put("devices", count("select count(*) from device where registered_at >= ? or updated_at >= ?", t0, t0));
            written.put("device events", count("select count(*) from device_event where received_at >= ? and channel"
                    + " <> 'HUB' and (device_id ilike 'hostile%' or event_id ilike '%hostile%')", t0));
            written.put("procedure versions", count("select count(*) from procedure_version where created_at >= ?", t0));
            written.put("agencies", count("select count(*) from agency where updated_at >= ?", t0));
            written.put("calendar days", count("select count(*) from calendar_day where updated_at >= ?", t0));
            written.put("axis messages", count("select count(*) from sandbox_message where delivery_id like 'dlv-axis-forged-%'"));
            assertThat(written).as("rows written while the family '%s' ran; history: %s; outbox: %s", name,
                    jdbc.queryForList("select h.event_id || ' ' || h.type || ' on ' || d.code from dossier_history h"
                            + " join dossier d on d.id = h.dossier_id where h.recorded_at >= ? and (h.event_id ilike"
                            + " '%hostile%' or d.code = any(?) or d.created_at >= ?) limit 5", String.class, t0, codes, t0),
                    jdbc.queryForList("select event_id || ' ' || type || ' on ' || dossier_code from outbox where"
                            + " created_at >= ? and (event_id ilike '%hostile%' or dossier_code = any(?)) limit 5",
                            String.class, t0, codes))
                    .allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        }

        private Map<String, Object> fixtures() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String code : frozen) {
                out.put(code, jdbc.queryForMap("""
                        select d.status, d.version, d.due_at, (select count(*) from dossier_history h where h.dossier_id = d.id) as lines,
                          (select count(*) from outbox o where o.dossier_code = d.code) as events
                        from dossier d where d.code = ?""", code));
            }
            return out;
        }
    }

    // =============================================================================================================
    // Requests
    // =============================================================================================================

    /** An HTTP answer, kept as bytes. */
    record Response(int status, String contentType, byte[] body) {
        static Response of(HttpResponse<byte[]> r) {
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + describe(), e);
            }
        }

        String describe() {
            String t = text();
            return status + " " + contentType + " " + (t.length() > 600 ? t.substring(0, 600) + "…" : t);
        }
    }

    Response send(JsonNode c) throws IOException, InterruptedException {
        String method = c.path("method").asText("POST");
        String path = fill(c.path("path").asText());
        byte[] body = c.has("json") || c.has("raw") || c.has("base") || c.has("base64") || c.has("generate") || c.has("lines")
                ? body(c, null) : null;
        String contentType = c.has("contentType") ? c.get("contentType").asText(null)
                : body == null ? null : "application/json";
        Map<String, String> headers = new LinkedHashMap<>();
        c.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), fill(h.getValue().asText())));
        return raw(method, path, body, contentType, withAuth(c.path("as").asText("onestop"), headers));
    }

    Response call(String method, String path, String as, byte[] body, String contentType, Map<String, String> headers) {
        try {
            return raw(method, path, body, contentType, withAuth(as, new LinkedHashMap<>(headers)));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    Response raw(String method, String path, byte[] body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json, */*")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        headers.forEach((k, v) -> {
            if (k.equalsIgnoreCase("Accept")) {
                req.setHeader(k, v);
            } else {
                req.header(k, v);
            }
        });
        return Response.of(HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    Map<String, String> withAuth(String as, Map<String, String> headers) {
        switch (as) {
            case "admin", "operator", "viewer" -> headers.put("Authorization", basic(as, PASSWORD));
            case "wrongPassword" -> headers.put("Authorization", basic("admin", "not-the-password"));
            case "unknownOperator" -> headers.put("Authorization", basic("mallory", PASSWORD));
            case "none" -> {
            }
            default -> {
                String key = apiKey(as);
                if (key != null) {
                    headers.put("X-API-Key", key);
                }
            }
        }
        return headers;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String apiKey(String as) {
        return switch (as) {
            case "onestop" -> ONESTOP_KEY;
            case "tax" -> TAX_KEY;
            case "police" -> POLICE_KEY;
            case "bhxh" -> BHXH_KEY;
            case "vnpost" -> VNPOST_KEY;
            case "axis" -> AXIS_KEY;
            case "none" -> null;
            case "wrongKey" -> "test-onestop-key-0002";
            case "emptyKey" -> "";
            case "keyPlusOne" -> ONESTOP_KEY + "x";
            case "lowercaseKey" -> ONESTOP_KEY.toUpperCase();
            case "sqlKey" -> "' OR '1'='1' --";
            case "longKey" -> "k".repeat(4000);
            default -> throw new IllegalArgumentException("no client " + as);
        };
    }

    // =============================================================================================================
    // Bodies: data, bases with changes, generators
    // =============================================================================================================

    byte[] body(JsonNode c, String defaultBase) {
        if (c.has("raw")) {
            return fill(c.get("raw").asText()).getBytes(StandardCharsets.UTF_8);
        }
        if (c.has("base64")) {
            return Base64.getDecoder().decode(c.get("base64").asText());
        }
        if (c.has("generate") && !c.get("generate").has("$deep")) {
            return generateRaw(c.get("generate"));
        }
        if (c.has("lines")) {
            StringBuilder ndjson = new StringBuilder();
            for (JsonNode line : c.get("lines")) {
                ndjson.append(line.isTextual() ? fill(line.asText())
                        : new String(json(materialize(line)), StandardCharsets.UTF_8)).append('\n');
            }
            return ndjson.toString().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode node;
        if (c.has("json")) {
            node = materialize(c.get("json"));
        } else {
            String base = c.has("base") ? c.get("base").asText() : defaultBase;
            node = base(base);
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                set(node, e.getKey(), materialize(e.getValue()));
            }
            for (JsonNode pointer : c.path("remove")) {
                remove(node, pointer.asText());
            }
        }
        return json(node);
    }

    /** A valid body of each kind, which the cases then break. */
    ObjectNode base(String name) {
        String text = switch (name) {
            case "newDossier" -> """
                    {"procedureCode": "${procedure}", "applicant": {"fullName": "Trần Văn Bình", "idNumber": "038090001234",
                     "phone": "0912345678", "email": "binh@example.vn", "address": "28 Lê Lợi, Thanh Hóa"},
                     "channel": "DIRECT", "returnMethod": "COUNTER"}""";
            case "event" -> """
                    {"eventId": "hostile-${uuid}", "type": "START", "actor": "officer.hostile"}""";
            case "procedure" -> """
                    {"code": "1.999001", "name": "Thủ tục thử nghiệm (hostile)", "agencyCode": "000.00.09.H56",
                     "timeLimit": {"value": 5, "unit": "WORKING_DAY"}, "feeVnd": 0, "channels": ["DIRECT"],
                     "postalReturn": false, "fourOnSite": false, "validFrom": "2026-01-01"}""";
            case "agency" -> """
                    {"code": "000.00.98.H56", "name": "Cơ quan thử nghiệm (hostile)", "validFrom": "2026-01-01"}""";
            case "device" -> """
                    {"deviceId": "hostile-dev-${uuid8}", "kind": "RATING", "center": "hcc-hostile", "counterId": "C-1",
                     "username": "hostile-${uuid8}", "password": "a-long-enough-password"}""";
            case "calendarDay" -> """
                    {"kind": "HOLIDAY", "name": "Ngày nghỉ thử nghiệm"}""";
            case "identity" -> """
                    {"idNumber": "038090001234", "fullName": "Trần Văn Bình", "dateOfBirth": "1990-05-01"}""";
            case "partnerResult" -> """
                    {"deliveryId": "${policeDelivery}", "dossierCode": "${atPolice}", "outcome": "DONE",
                     "result": {"residenceBookNumber": "HK-0001"}}""";
            case "pickup" -> """
                    {"procedureCode": "${procedure}", "applicant": {"fullName": "Lê Thị Hoa", "idNumber": "038190012345",
                     "phone": "0912345678"}, "pickupAddress": "Thôn 3, xã Hoằng Hóa", "returnMethod": "COUNTER"}""";
            case "importLine" -> """
                    {"code": "000.00.09.H56-${pastYYMMDD}-7001", "procedureCode": "${procedure}", "channel": "DIRECT",
                     "returnMethod": "COUNTER", "applicant": {"fullName": "Trần Văn Bình", "idNumber": "038090001234"},
                     "receivedAt": "${pastInstant}"}""";
            case "parcelEvent" -> """
                    {"eventId": "hostile-${uuid}", "type": "ACCEPTED", "occurredAt": "${nowInstant}",
                     "orderId": "${orderId}", "trackingNumber": "${tn}", "dossierCode": "${pickupDossier}",
                     "kind": "DOSSIER_PICKUP", "location": "Bưu cục Thanh Hóa"}""";
            default -> throw new IllegalArgumentException("no base body " + name);
        };
        try {
            return (ObjectNode) JSON.readTree(fill(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fills placeholders in every string, and expands generators ({"$repeat"}, {"$deep"}). */
    JsonNode materialize(JsonNode n) {
        if (n.isTextual()) {
            return TextNode.valueOf(fill(n.asText()));
        }
        if (n.isObject() && n.has("$repeat")) {
            return TextNode.valueOf(fill(n.get("$repeat").asText()).repeat(n.path("times").asInt()));
        }
        if (n.isObject() && n.has("$deep")) {
            return deep(n.get("$deep").asInt(), n.path("array").asBoolean(false));
        }
        if (n.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            n.fields().forEachRemaining(e -> o.set(fill(e.getKey()), materialize(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            n.forEach(x -> a.add(materialize(x)));
            return a;
        }
        return n;
    }

    static JsonNode deep(int depth, boolean array) {
        JsonNode leaf = TextNode.valueOf("x");
        for (int i = 0; i < depth; i++) {
            if (array) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                a.add(leaf);
                leaf = a;
            } else {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set("a", leaf);
                leaf = o;
            }
        }
        return leaf;
    }

    /** Raw bodies too large or too deep to write as data: prefix + unit × times + suffix. */
    byte[] generateRaw(JsonNode g) {
        String prefix = fill(g.path("prefix").asText(""));
        String unit = fill(g.path("unit").asText(""));
        String suffix = fill(g.path("suffix").asText(""));
        String close = fill(g.path("close").asText(""));
        int times = g.path("times").asInt();
        StringBuilder sb = new StringBuilder(prefix.length() + (unit.length() + close.length()) * times + suffix.length());
        sb.append(prefix);
        sb.append(unit.repeat(times));
        sb.append(suffix);
        sb.append(close.repeat(times));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void set(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode o) {
            o.set(field, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(field), value);
        } else {
            throw new IllegalArgumentException("no parent for " + pointer);
        }
    }

    static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        ((ObjectNode) parent).remove(pointer.substring(slash + 1));
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** Replaces {@code ${name}} with the fixture's value ({@code uuid}, {@code uuid8}: fresh each time). */
    String fill(String s) {
        if (s == null || s.indexOf("${") < 0) {
            return s;
        }
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "uuid" -> UUID.randomUUID().toString();
                case "uuid8" -> shortId();
                case "nowInstant" -> Instant.now().toString();
                case "pastYYMMDD" -> LocalDate.now(ZONE).minusDays(2).format(DateTimeFormatter.ofPattern("yyMMdd"));
                case "pastInstant" -> LocalDate.now(ZONE).minusDays(2).atTime(9, 0).atZone(ZONE).toInstant().toString();
                default -> vars.get(name);
            };
            if (value == null) {
                fail("no value for ${%s} (fixtures: %s)", name, vars.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    // =============================================================================================================
    // Fixtures and small helpers
    // =============================================================================================================

    String dossier(String procedure, String channel, String returnMethod, Instant submittedAt, String idempotencyKey) {
        Map<String, Object> b = newDossier("Phạm Minh Đức", "45 Trần Phú, Thanh Hóa");
        b.put("procedureCode", procedure);
        b.put("channel", channel);
        b.put("returnMethod", returnMethod);
        if (submittedAt != null) {
            b.put("submittedAt", submittedAt.toString());
        }
        Response r = call("POST", "/api/v1/dossiers", "onestop", json(b), "application/json",
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        assertThat(r.status).as(r.describe()).isEqualTo(201);
        return r.json().path("code").asText();
    }

    void event(String code, String eventId, String type, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId != null ? eventId : "hostile-fixture-" + UUID.randomUUID());
        e.put("type", type);
        e.put("actor", "officer.fixture");
        if (reason != null) {
            e.put("reason", reason);
        }
        Response r = call("POST", "/api/v1/dossiers/" + code + "/events", "onestop", json(e), "application/json", Map.of());
        assertThat(r.status).as(type + ": " + r.describe()).isEqualTo(200);
    }

    String status(String code) {
        return jdbc.queryForObject("select status from dossier where code = ?", String.class, code);
    }

    void putBehaviour(String path, Map<String, Object> behaviour) {
        Response r = call("PUT", path, "admin", json(behaviour), "application/json", Map.of());
        assertThat(r.status).as(path + ": " + r.describe()).isEqualTo(200);
    }

    long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static List<JsonNode> corpus(String resource) {
        try (InputStream in = HostileInputIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            List<JsonNode> families = new ArrayList<>();
            JSON.readTree(in).path("families").forEach(families::add);
            return families;
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
