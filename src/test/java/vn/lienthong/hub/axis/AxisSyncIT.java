package vn.lienthong.hub.axis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.CryptoFactory;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * The national axis, end to end against the sandbox axis over real, signed SOAP: every transition of a dossier
 * reaches it once, in order, with the portal's status code, the whole dossier before its progress; an outage and
 * silently dropped messages are repaired by recovery and one reconciliation run (sync report 100 %); a tampered
 * signature is refused by the axis and by the hub; a procedure without a national code is parked with the reason;
 * an online submission comes in as SUBMITTED (ONLINE) and its acceptance goes back.
 */
class AxisSyncIT extends HubIntegrationTest {

    /** Cấp Giấy phép hoạt động đối với điểm sơ cấp cứu (Sở Y tế): 10 working days, accepts online dossiers. */
    static final String PROCEDURE = "2.000559";
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    @Autowired
    ConnectionFactory jms;
    @Value("${hub.axis.keystore.path}")
    Path hubKeystore;
    @Value("${hub.axis.keystore.password}")
    String hubKeystorePassword;
    @Value("${hub.data-dir}")
    Path dataDir;

    @AfterEach
    void axisBehavesNormallyAgain() {
        ResponseEntity<JsonNode> r = asOperator("admin").put().uri("/sandbox/axis/behaviour")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void everyTransitionReachesTheAxisOnceInOrderWithItsStatusCode() {
        String code = receive(PROCEDURE);
        event(code, "START", null);
        event(code, "REQUEST_SUPPLEMENT", "thiếu bản sao giấy phép");
        event(code, "SUPPLEMENT_RECEIVED", null);
        event(code, "RESOLVE", null);
        event(code, "RETURN", null);

        List<Integer> expected = List.of(2, 4, 5, 4, 9, 10);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(kept(code, "UpdateProgress")).hasSize(expected.size()));
        List<JsonNode> all = axisMessages(code);
        List<JsonNode> syncs = kept(code, "SyncDossier");
        List<JsonNode> progress = kept(code, "UpdateProgress");
        assertThat(syncs).extracting(m -> m.path("status").asInt()).containsExactlyElementsOf(expected);
        assertThat(progress).extracting(m -> m.path("status").asInt()).containsExactlyElementsOf(expected);
        // once: no delivery applied twice, one delivery per transition
        assertThat(all).noneMatch(m -> m.path("duplicate").asBoolean());
        assertThat(syncs).extracting(m -> m.path("deliveryId").asText()).doesNotHaveDuplicates();
        // each change: the whole dossier, then its progress, before the next change
        List<String> order = new ArrayList<>();
        for (JsonNode m : all) {
            order.add(m.path("kind").asText() + ":" + m.path("deliveryId").asText());
        }
        for (int i = 0; i < syncs.size(); i++) {
            String delivery = syncs.get(i).path("deliveryId").asText();
            assertThat(order.indexOf("SyncDossier:" + delivery)).isEqualTo(2 * i);
            assertThat(order.indexOf("UpdateProgress:" + delivery)).isEqualTo(2 * i + 1);
        }
        // what the portal's calls carry
        JsonNode first = syncs.get(0).path("payload");
        assertThat(first.path("dossierCode").asText()).isEqualTo(code);
        assertThat(first.path("procedureCode").asText()).isEqualTo(PROCEDURE);
        assertThat(first.path("channel").asInt()).isEqualTo(1);
        assertThat(first.path("applicant").path("idNumber").asText()).isEqualTo("038090001234");
        assertThat(first.path("receivedAt").asText()).matches("\\d{14}");
        assertThat(first.path("dueAt").asText()).matches("\\d{14}");
        assertThat(first.path("documents").path("document").get(0).path("form").asText()).isEqualTo("01");
        JsonNode supplement = progress.get(2).path("payload");
        assertThat(supplement.path("content").asText()).contains("thiếu bản sao giấy phép");
        assertThat(supplement.path("actor").asText()).isNotBlank();
        assertThat(supplement.path("legalEndAt").asText()).matches("\\d{14}");
        JsonNode last = syncs.get(syncs.size() - 1).path("payload");
        assertThat(last.path("resultAt").asText()).matches("\\d{14}");
        // the hub knows the portal holds the latest change
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select acked_status from axis_sync where dossier_code = ?",
                        Integer.class, code)).isEqualTo(10));
    }

    @Test
    void aDossierOfTheProcedureWithTheLongestNameReachesTheAxis() {
        // 569 characters: the axis's contract took 500 until 2026-12-06, and refused (parked) every such dossier
        String code = receive("1.013831");
        // the reception first; its inter-agency flow (START, the tax step's notice and payment) follows within seconds
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(kept(code, "SyncDossier")).isNotEmpty());
        JsonNode received = kept(code, "SyncDossier").get(0).path("payload");
        assertThat(received.path("status").asInt()).isEqualTo(2);
        assertThat(received.path("procedureName").asText()).startsWith("Đăng ký biến động quyền sử dụng đất").hasSize(569);
        // wait until the axis holds the store's status and nothing is queued for it, so that a next test which changes
        // how the axis behaves does not meet this flow's deliveries failing and backing off in front of its own (seen
        // once: all four consumers busy for a minute)
        await().atMost(Duration.ofSeconds(120)).during(Duration.ofSeconds(3)).until(() -> {
            int status = onestop().get().uri("/api/v1/dossiers/{c}", code).retrieve().body(JsonNode.class)
                    .path("dvcqgStatus").asInt();
            List<Integer> acked = jdbc.queryForList("select acked_status from axis_sync where dossier_code = ?",
                    Integer.class, code);
            return !acked.isEmpty() && acked.get(0) != null && acked.get(0) == status && count(
                    "select count(*) from partner_delivery where partner = 'axis' and dossier_code = ? and status = 'QUEUED'",
                    code) == 0;
        });
    }

    @Test
    void anOutageAndDroppedMessagesAreRepairedByRecoveryAndOneReconciliation() {
        Instant start = Instant.now();
        long loginsBefore = count("select count(*) from sandbox_message where partner = 'axis' and kind = 'Login'");
        behave("{\"down\": true}");
        Instant outageStart = Instant.now();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String code = receive(PROCEDURE);
            event(code, "START", null);
            codes.add(code);
        }
        event(codes.get(1), "RESOLVE", null);
        event(codes.get(2), "REQUEST_SUPPLEMENT", "thiếu tờ khai");
        // the hub keeps trying while the axis is down for a minute
        await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("select count(*) from message_log where partner = 'axis' and outcome = 'FAILED'"
                        + " and dossier_code = any(?)", (Object) codes.toArray(new String[0]))).isGreaterThanOrEqualTo(3));
        assertThat(Duration.between(outageStart, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(axisMessages(codes.get(0))).isEmpty();

        // back, but losing every sync message it acknowledges
        behave("{\"dropRate\": 1.0}");
        int changes = 3 * 2 + 2;
        await().atMost(Duration.ofSeconds(240)).untilAsserted(() ->
                assertThat(count("select count(*) from partner_delivery where partner = 'axis' and status = 'DELIVERED'"
                        + " and dossier_code = any(?)", (Object) codes.toArray(new String[0]))).isEqualTo(changes));
        // the axis forgot its sessions while down: the hub logged in again
        assertThat(count("select count(*) from sandbox_message where partner = 'axis' and kind = 'Login'"))
                .isGreaterThan(loginsBefore);
        for (String code : codes) {
            assertThat(kept(code, "SyncDossier")).isEmpty();
        }
        behave("{}");

        // one reconciliation run repairs it
        ResponseEntity<JsonNode> run = asOperator("operator").post()
                .uri("/api/v1/axis/reconcile?from={from}", start.toString()).retrieve().toEntity(JsonNode.class);
        assertThat(run.getStatusCode().value()).isEqualTo(200);
        assertThat(run.getBody().path("resent").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(run.getBody().path("unknownAtAxis").asInt()).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> store = new LinkedHashMap<>();
            for (String code : codes) {
                store.put(code, onestop().get().uri("/api/v1/dossiers/{c}", code).retrieve()
                        .body(JsonNode.class).path("dvcqgStatus").asInt());
            }
            assertThat(axisState(codes)).isEqualTo(store);
        });
        assertThat(axisState(codes)).containsExactlyInAnyOrderEntriesOf(Map.of(codes.get(0), 4, codes.get(1), 9,
                codes.get(2), 5));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode report = asOperator("viewer").get()
                    .uri("/api/v1/reports/sync?from={f}&to={t}", start.toString(), Instant.now().plusSeconds(1).toString())
                    .retrieve().body(JsonNode.class);
            assertThat(report.path("received").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(report.path("synced").asLong()).isEqualTo(report.path("received").asLong());
            assertThat(report.path("syncRate").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(report.path("maxLagSeconds").asLong()).isZero();
        });
        // the gauges are published
        String prometheus = asOperator("viewer").get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(prometheus).contains("hub_axis_sync_rate").contains("hub_axis_max_lag_seconds");
    }

    @Test
    void aTamperedSignatureIsRefusedByTheAxis() throws Exception {
        String deliveryId = "dlv-axis-tamper-" + UUID.randomUUID();
        String code = "000.00.09.H56-" + LocalDate.now().toString().substring(2).replace("-", "") + "-9901";
        String envelope = syncDossierEnvelope(deliveryId, code, 2);

        // control: correctly signed by the hub, it passes the signature check (and only then meets the bad token)
        String signed = sign(envelope, hubKeystore, hubKeystorePassword, "hub");
        ResponseEntity<String> control = postSoap(signed);
        assertThat(control.getStatusCode().value()).isEqualTo(500);
        assertThat(control.getBody()).contains("token-expired");

        // tampered after signing: the status changed in flight
        String tampered = sign(envelope, hubKeystore, hubKeystorePassword, "hub")
                .replace("<ax:status>2</ax:status>", "<ax:status>9</ax:status>");
        assertThat(tampered).contains("<ax:status>9</ax:status>");
        ResponseEntity<String> refused = postSoap(tampered);
        assertThat(refused.getStatusCode().value()).isEqualTo(500);
        assertThat(refused.getBody()).contains("Fault").doesNotContain("token-expired");

        // signed by a key the axis does not trust, and not signed at all
        String rogue = sign(envelope, dataDir.resolve("keys/sandbox-axis.p12"), "sandbox-axis-simulator", "rogue");
        assertThat(postSoap(rogue).getBody()).contains("Fault").doesNotContain("token-expired");
        assertThat(postSoap(envelope).getBody()).contains("Fault").doesNotContain("token-expired");

        assertThat(count("select count(*) from sandbox_message where delivery_id = ?", deliveryId)).isZero();
    }

    @Test
    void aReplySignedWithAnUntrustedKeyIsRefusedByTheHub() {
        behave("{\"signRepliesWithWrongKey\": true}");
        String code = receive(PROCEDURE);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select detail from message_log where partner = 'axis' and outcome = 'FAILED' and dossier_code = ?",
                String.class, code)).isNotEmpty());
        String reason = jdbc.queryForList("select detail from message_log where partner = 'axis' and outcome = 'FAILED'"
                + " and dossier_code = ? order by id", String.class, code).get(0);
        assertThat(reason.toLowerCase()).containsAnyOf("security", "signature", "trust", "certificate");
        assertThat(count("select count(*) from partner_delivery where partner = 'axis' and dossier_code = ?"
                + " and status = 'DELIVERED'", code)).isZero();

        behave("{}");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(count(
                "select count(*) from partner_delivery where partner = 'axis' and dossier_code = ? and status = 'DELIVERED'",
                code)).isEqualTo(1));
        // the axis applied the change once, whatever the hub had to retry
        assertThat(kept(code, "SyncDossier")).extracting(m -> m.path("status").asInt()).containsExactly(2);
        assertThat(kept(code, "UpdateProgress")).hasSize(1);
    }

    @Test
    void aProcedureWithoutNationalCodeIsParkedWithTheReason() throws Exception {
        String procedure = "1.999" + (100 + (int) (Math.random() * 800));
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("code", procedure);
        draft.put("localCode", "H56-NB-" + procedure.substring(6));
        draft.put("name", "Thủ tục nội bộ của tỉnh (không có trên Cổng Dịch vụ công quốc gia)");
        draft.put("agencyCode", "000.00.09.H56");
        draft.put("timeLimit", Map.of("value", 5, "unit", "WORKING_DAY"));
        draft.put("feeVnd", 0);
        draft.put("channels", List.of("DIRECT"));
        draft.put("postalReturn", false);
        draft.put("fourOnSite", false);
        draft.put("validFrom", LocalDate.now().minusDays(30).toString());
        ResponseEntity<JsonNode> saved = asOperator("admin").put().uri("/api/v1/procedures/{c}", procedure)
                .contentType(MediaType.APPLICATION_JSON).body(draft).retrieve().toEntity(JsonNode.class);
        assertThat(saved.getStatusCode().is2xxSuccessful()).as(String.valueOf(saved.getBody())).isTrue();

        String code = receive(procedure);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select status from partner_delivery where partner = 'axis' and dossier_code = ?", String.class, code))
                .containsExactly("PARKED"));
        assertThat(jdbc.queryForObject("select last_error from partner_delivery where partner = 'axis' and dossier_code = ?",
                String.class, code)).contains("no national procedure code for procedure " + procedure);
        JmsTemplate template = new JmsTemplate(jms);
        // the delivery's row says PARKED before the dead-letter queue's transaction commits: wait for the message too
        List<Message> parked = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            parked.clear();
            parked.addAll(template.browseSelected("DLQ.hub.outbound.axis", "HubDossierCode = '" + code + "'",
                    (session, browser) -> Collections.list(browser.getEnumeration()).stream().map(Message.class::cast)
                            .toList()));
            assertThat(parked).hasSize(1);
        });
        assertThat(parked.get(0).getStringProperty("HubDeadLetterReason")).contains("no national procedure code");
        assertThat(axisMessages(code)).isEmpty();
    }

    @Test
    void anOnlineSubmissionComesInAsSubmittedAndItsAcceptanceGoesBack() {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Đỗ Thị Lan");
        applicant.put("idNumber", "038195006789");
        applicant.put("phone", "0987000444");
        applicant.put("address", "3 Lê Lai, Thanh Hóa");
        Instant submittedAt = Instant.now().minusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ResponseEntity<JsonNode> offered = asOperator("admin").post().uri("/sandbox/axis/submissions")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("procedureCode", PROCEDURE, "applicant", applicant, "returnMethod", "POSTAL",
                        "submittedAt", submittedAt.toString()))
                .retrieve().toEntity(JsonNode.class);
        assertThat(offered.getStatusCode().value()).isEqualTo(201);
        String submissionId = offered.getBody().path("submissionId").asText();
        // only an administrator enqueues submissions
        assertThat(asOperator("viewer").post().uri("/sandbox/axis/submissions").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(403);
        assertThat(anonymous().post().uri("/sandbox/axis/submissions").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(401);

        String[] code = new String[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode submissions = asOperator("viewer").get().uri("/sandbox/axis/submissions").retrieve().body(JsonNode.class);
            JsonNode mine = null;
            for (JsonNode s : submissions.path("content")) {
                if (s.path("submissionId").asText().equals(submissionId)) {
                    mine = s;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.path("dossierCode").asText(null)).isNotNull();
            code[0] = mine.path("dossierCode").asText();
        });
        JsonNode dossier = onestop().get().uri("/api/v1/dossiers/{c}", code[0]).retrieve().body(JsonNode.class);
        assertThat(dossier.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(dossier.path("channel").asText()).isEqualTo("ONLINE");
        assertThat(dossier.path("dvcqgStatus").asInt()).isEqualTo(1);
        assertThat(Instant.parse(dossier.path("submittedAt").asText())).isEqualTo(submittedAt);
        assertThat(dossier.path("applicant").path("fullName").asText()).isEqualTo("Đỗ Thị Lan");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(kept(code[0], "SyncDossier")).extracting(m -> m.path("status").asInt()).containsExactly(1));
        JsonNode submitted = kept(code[0], "SyncDossier").get(0).path("payload");
        assertThat(submitted.path("channel").asInt()).isEqualTo(2);
        assertThat(submitted.path("submissionId").asText()).isEqualTo(submissionId);

        event(code[0], "ACCEPT", null);
        // each change goes as SyncDossier, then UpdateProgress: wait for both
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(kept(code[0], "SyncDossier")).extracting(m -> m.path("status").asInt()).containsExactly(1, 2);
            assertThat(kept(code[0], "UpdateProgress")).extracting(m -> m.path("status").asInt()).containsExactly(1, 2);
        });
    }

    // -------------------------------------------------------------------------------------------------------

    private String receive(String procedure) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Nguyễn Văn An");
        applicant.put("idNumber", "038090001234");
        applicant.put("phone", "0912345678");
        applicant.put("address", "Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("procedureCode", procedure);
        body.put("applicant", applicant);
        body.put("channel", "DIRECT");
        body.put("returnMethod", "COUNTER");
        ResponseEntity<JsonNode> r = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(201);
        return r.getBody().path("code").asText();
    }

    private void event(String code, String type, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", "axis-it-" + UUID.randomUUID());
        body.put("type", type);
        body.put("actor", "officer.lan");
        if (reason != null) {
            body.put("reason", reason);
        }
        ResponseEntity<JsonNode> r = onestop().post().uri("/api/v1/dossiers/{c}/events", code)
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as(type + ": " + r.getBody()).isEqualTo(200);
    }

    private void behave(String behaviour) {
        ResponseEntity<JsonNode> r = asOperator("admin").put().uri("/sandbox/axis/behaviour")
                .contentType(MediaType.APPLICATION_JSON).body(behaviour).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(200);
    }

    private List<JsonNode> axisMessages(String code) {
        JsonNode page = asOperator("viewer").get().uri("/sandbox/axis/messages?dossier={c}", code).retrieve()
                .body(JsonNode.class);
        List<JsonNode> out = new ArrayList<>();
        page.path("content").forEach(out::add);
        return out;
    }

    /** The messages of one operation the axis applied (duplicates left out), in arrival order. */
    private List<JsonNode> kept(String code, String kind) {
        return axisMessages(code).stream()
                .filter(m -> m.path("kind").asText().equals(kind) && !m.path("duplicate").asBoolean()).toList();
    }

    private Map<String, Integer> axisState(List<String> codes) {
        RestClient viewer = asOperator("viewer");
        StringBuilder uri = new StringBuilder("/sandbox/axis/state?");
        codes.forEach(c -> uri.append("dossier=").append(c).append('&'));
        JsonNode state = viewer.get().uri(uri.toString()).retrieve().body(JsonNode.class);
        Map<String, Integer> out = new LinkedHashMap<>();
        state.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private ResponseEntity<String> postSoap(String envelope) {
        return anonymous().post().uri("/sandbox/axis/soap").contentType(MediaType.TEXT_XML)
                .header("SOAPAction", "\"urn:lienthong:axis:v1:SyncDossier\"")
                .body(envelope.getBytes(StandardCharsets.UTF_8)).retrieve().toEntity(String.class);
    }

    private static String syncDossierEnvelope(String deliveryId, String code, int status) {
        String now = PortalTime.format(Instant.now());
        return """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body>\
                <ax:SyncDossier xmlns:ax="urn:lienthong:axis:v1">\
                <ax:token>not-a-session-token-0000</ax:token><ax:deliveryId>%s</ax:deliveryId>\
                <ax:dossier><ax:dossierCode>%s</ax:dossierCode><ax:procedureCode>2.000559</ax:procedureCode>\
                <ax:agencyCode>000.00.09.H56</ax:agencyCode>\
                <ax:applicant><ax:fullName>Nguyễn Văn An</ax:fullName><ax:idNumber>038090001234</ax:idNumber></ax:applicant>\
                <ax:channel>1</ax:channel><ax:receivedAt>%s</ax:receivedAt><ax:status>%d</ax:status>\
                <ax:feesVnd>0</ax:feesVnd></ax:dossier></ax:SyncDossier></soap:Body></soap:Envelope>"""
                .formatted(deliveryId, code, now, status);
    }

    /** Signs like a WS-Security sender: a Timestamp, then an X.509 signature over the Timestamp and the Body. */
    private static String sign(String envelope, Path keystore, String password, String alias) throws Exception {
        WSSConfig.init();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
        WSSecHeader header = new WSSecHeader(doc);
        header.insertSecurityHeader();
        WSSecTimestamp timestamp = new WSSecTimestamp(header);
        timestamp.setTimeToLive(300);
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
        signature.getParts().add(new WSEncryptionPart("Body", SOAP_NS, "Element"));
        signature.build(crypto);
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }
}
