package vn.lienthong.hub.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.dossier.Deadlines;

/**
 * Vietnam Post end to end on the embedded servers, with the sandbox post over real HTTP: results delivered home by
 * themselves (RESOLVED → order → signed webhooks → RETURNED at the delivery time), dossiers picked up at home and
 * received at the signing of the handover minutes, refused signatures, replays and events out of order, failed
 * deliveries and the hand-back to the counter, and the post's figures in the period report. Each test makes its own
 * dossiers; the sandbox post's behaviour is set per test and reset after it.
 */
class PostFlowIT extends HubIntegrationTest {

    /** Cấp Giấy phép kinh doanh vận tải bằng xe ô tô (Sở Xây dựng): 5 working days, by post both ways, 200,000 VND. */
    static final String PROCEDURE = "1.000703";
    /** Giấy chứng nhận lưu hành tự do (CFS) (Sở Công Thương): 3 working days; only the report test uses it. */
    static final String REPORT_PROCEDURE = "1.001238";
    static final String REPORT_AGENCY = "000.00.05.H56";
    static final Duration FLOW = Duration.ofSeconds(60);

    @Autowired
    ObjectMapper json;
    @Autowired
    Deadlines deadlines;
    @Autowired
    CatalogService catalog;
    @Value("${hub.post.webhook-secret}")
    String webhookSecret;

    @BeforeEach
    void quickPost() {
        behaviour(Map.of());
    }

    @AfterEach
    void resetPost() {
        ResponseEntity<JsonNode> r = asOperator("admin").put().uri("/sandbox/vnpost/behaviour")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of()).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void resultWithPostalReturnIsDeliveredHomeByItself() {
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");

        await().atMost(FLOW).until(() -> "RETURNED".equals(dossier(code).path("status").asText()));

        // the order reached the post once
        List<JsonNode> orders = list(sandboxMessages(code));
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("kind").asText()).isEqualTo("RESULT_DELIVERY");
        assertThat(orders.get(0).path("duplicate").asBoolean()).isFalse();
        JsonNode order = orders.get(0).path("payload");
        assertThat(order.path("recipient").path("address").asText()).isEqualTo("Số 5 phố Lê Hoàn, phường Hạc Thành, Thanh Hóa");
        assertThat(order.path("charges").path("postageVnd").asLong()).isEqualTo(26_000);
        assertThat(order.path("charges").path("collectVnd").asLong()).isEqualTo(26_000);

        // one parcel, each of its events once, in the order they happened
        JsonNode parcel = onlyParcel(code);
        assertThat(parcel.path("kind").asText()).isEqualTo("RESULT_DELIVERY");
        assertThat(parcel.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(parcel.path("trackingNumber").asText()).matches("[A-Z]{2}\\d{9}VN")
                .isEqualTo(orders.get(0).path("trackingNumber").asText());
        assertThat(types(parcel)).containsExactly("ACCEPTED", "PICKED_UP", "IN_TRANSIT", "DELIVERED");
        JsonNode delivered = eventOf(parcel, "DELIVERED");
        assertThat(delivered.path("proof").path("receivedBy").asText()).isNotBlank();

        // RETURNED at the delivery time, through the lifecycle, once
        JsonNode d = dossier(code);
        JsonNode returned = historyOf(d, "RETURN");
        assertThat(Instant.parse(returned.path("at").asText())).isEqualTo(Instant.parse(delivered.path("at").asText()));
        assertThat(returned.path("eventId").asText()).isEqualTo("post:" + delivered.path("eventId").asText());

        // the message log: the order out once, each parcel event in once
        List<JsonNode> log = list(hubMessages(code)).stream().filter(m -> m.path("partner").asText().equals("vnpost")).toList();
        assertThat(log.stream().filter(m -> m.path("direction").asText().equals("OUT")
                && m.path("outcome").asText().equals("DELIVERED")).count()).isEqualTo(1);
        assertThat(log.stream().filter(m -> m.path("direction").asText().equals("IN"))
                .map(m -> m.path("messageType").asText()).toList())
                .containsExactlyInAnyOrder("PARCEL_ACCEPTED", "PARCEL_PICKED_UP", "PARCEL_IN_TRANSIT", "PARCEL_DELIVERED");
    }

    @Test
    void pickupBookedForACitizenIsReceivedAtTheHandover() {
        String key = "pickup-" + UUID.randomUUID();
        ResponseEntity<JsonNode> booked = post(onestop(), "/api/v1/post/pickups", booking(PROCEDURE, "COUNTER"), key);
        assertThat(booked.getStatusCode().value()).as(String.valueOf(booked.getBody())).isEqualTo(201);
        JsonNode d0 = booked.getBody().path("dossier");
        String code = d0.path("code").asText();
        assertThat(d0.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(d0.path("channel").asText()).isEqualTo("POSTAL");
        assertThat(d0.path("receivedAt").isNull()).isTrue();
        assertThat(d0.path("dueAt").isNull()).isTrue();
        JsonNode p0 = booked.getBody().path("parcel");
        assertThat(p0.path("kind").asText()).isEqualTo("DOSSIER_PICKUP");
        assertThat(p0.path("status").asText()).isEqualTo("BOOKED");
        assertThat(p0.path("from").path("address").asText()).isEqualTo("Thôn 3, xã Hoằng Hóa, Thanh Hóa");
        assertThat(p0.path("feesVnd").asLong()).isEqualTo(200_000);
        assertThat(p0.path("remittanceFeeVnd").asLong()).isEqualTo(8_000);
        assertThat(p0.path("collectVnd").asLong()).isEqualTo(26_000 + 200_000 + 8_000);

        // the same booking again is the same dossier
        ResponseEntity<JsonNode> again = post(onestop(), "/api/v1/post/pickups", booking(PROCEDURE, "COUNTER"), key);
        assertThat(again.getStatusCode().value()).as(String.valueOf(again.getBody())).isEqualTo(200);
        assertThat(again.getBody().path("dossier").path("code").asText()).isEqualTo(code);

        await().atMost(FLOW).until(() -> "RECEIVED".equals(dossier(code).path("status").asText()));

        JsonNode parcel = onlyParcel(code);
        assertThat(parcel.path("status").asText()).isEqualTo("HANDED_OVER");
        assertThat(types(parcel)).containsExactly("ACCEPTED", "PICKED_UP", "IN_TRANSIT", "HANDED_OVER");
        assertThat(eventOf(parcel, "PICKED_UP").path("collectedVnd").asLong()).isEqualTo(234_000);
        JsonNode handover = eventOf(parcel, "HANDED_OVER");
        assertThat(handover.path("proof").path("minutesNumber").asText()).startsWith("BBGN-");

        // received at the signing of the handover minutes, due date counted from it
        JsonNode d = dossier(code);
        Instant receivedAt = Instant.parse(d.path("receivedAt").asText());
        assertThat(receivedAt).isEqualTo(Instant.parse(handover.path("at").asText()));
        assertThat(Instant.parse(d.path("submittedAt").asText())).isBefore(receivedAt);
        Instant due = deadlines.dueAt(receivedAt, catalog.currentProcedure(PROCEDURE).orElseThrow().timeLimit());
        assertThat(Instant.parse(d.path("dueAt").asText())).isEqualTo(due);
        JsonNode accept = historyOf(d, "ACCEPT");
        assertThat(accept.path("eventId").asText()).isEqualTo("post:" + handover.path("eventId").asText());
        assertThat(accept.path("channel").asText()).isEqualTo("POSTAL");
        assertThat(accept.path("formIssued").asText()).isNotBlank();

        List<JsonNode> orders = list(sandboxMessages(code));
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("kind").asText()).isEqualTo("DOSSIER_PICKUP");
        assertThat(orders.get(0).path("payload").path("sender").path("address").asText()).isEqualTo("Thôn 3, xã Hoằng Hóa, Thanh Hóa");
    }

    @Test
    void pickupBookingsAreChecked() {
        Map<String, Object> noAddress = booking(PROCEDURE, "COUNTER");
        noAddress.remove("pickupAddress");
        assertThat(post(onestop(), "/api/v1/post/pickups", noAddress, null).getStatusCode().value()).isEqualTo(400);
        assertThat(post(onestop(), "/api/v1/post/pickups", booking("2.001263", "COUNTER"), null).getBody()
                .path("reason").asText()).isEqualTo("channel-not-allowed");
        assertThat(post(asClient(VNPOST_KEY), "/api/v1/post/pickups", booking(PROCEDURE, "COUNTER"), null)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(post(anonymous(), "/api/v1/post/pickups", booking(PROCEDURE, "COUNTER"), null)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void signaturesReplaysAndEventsOutOfOrder() {
        behaviour(Map.of("webhooks", false)); // the test plays the post
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");
        await().atMost(FLOW).until(() -> {
            JsonNode parcels = list(parcels(code)).stream().findFirst().orElse(null);
            return parcels != null && "ORDERED".equals(parcels.path("status").asText());
        });
        JsonNode parcel = onlyParcel(code);
        String tn = parcel.path("trackingNumber").asText();
        String orderId = parcel.path("orderId").asText();
        assertThat(tn).isEqualTo(list(sandboxMessages(code)).get(0).path("trackingNumber").asText());
        long version = dossier(code).path("version").asLong();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // a wrong or missing signature: 401, nothing recorded, nothing changed
        Map<String, Object> delivered = parcelEvent("DELIVERED", now, tn, orderId, code);
        delivered.put("attempt", 1);
        delivered.put("proof", Map.of("receivedBy", "Lê Thị Hoa", "relationship", "self"));
        byte[] deliveredBody = bytes(delivered);
        for (String signature : new String[] {WebhookSignature.sign("not-the-secret", deliveredBody), null, "", "abc",
                WebhookSignature.sign(webhookSecret, bytes(Map.of("eventId", "other")))}) {
            ResponseEntity<JsonNode> r = webhook(deliveredBody, signature);
            assertThat(r.getStatusCode().value()).isEqualTo(401);
            assertThat(r.getBody().path("reason").asText()).isEqualTo("invalid-signature");
        }
        assertThat(eventRows((String) delivered.get("eventId"))).isZero();
        assertThat(dossier(code).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(dossier(code).path("version").asLong()).isEqualTo(version);

        // not JSON, not the contract, not a parcel of ours: 400, 400, 404 (signed)
        assertThat(webhook("{not json".getBytes(StandardCharsets.UTF_8)).getBody().path("reason").asText())
                .isEqualTo("malformed-json");
        Map<String, Object> noType = parcelEvent("ACCEPTED", now, tn, orderId, code);
        noType.remove("type");
        ResponseEntity<JsonNode> invalid = webhook(bytes(noType));
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(invalid.getBody().path("reason").asText()).isEqualTo("invalid-request");
        Map<String, Object> deliveredWithoutProof = parcelEvent("DELIVERED", now, tn, orderId, code);
        assertThat(webhook(bytes(deliveredWithoutProof)).getStatusCode().value()).isEqualTo(400);
        assertThat(webhook(bytes(parcelEvent("ACCEPTED", now, "EB000000000VN", "dlv-vnpost-nope", code)))
                .getStatusCode().value()).isEqualTo(404);

        // ACCEPTED, then DELIVERED before any IN_TRANSIT: applied, the dossier RETURNED at the delivery time
        ResponseEntity<JsonNode> accepted = webhook(bytes(parcelEvent("ACCEPTED", now.minusSeconds(3), tn, orderId, code)));
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(200);
        ResponseEntity<JsonNode> first = webhook(deliveredBody);
        assertThat(first.getStatusCode().value()).as(String.valueOf(first.getBody())).isEqualTo(200);
        assertThat(first.getBody().path("duplicate").asBoolean()).isFalse();
        assertThat(first.getBody().path("parcelStatus").asText()).isEqualTo("DELIVERED");
        JsonNode d = dossier(code);
        assertThat(d.path("status").asText()).isEqualTo("RETURNED");
        assertThat(Instant.parse(historyOf(d, "RETURN").path("at").asText())).isEqualTo(now);

        // the IN_TRANSIT that comes late is recorded in its place but does not move the parcel back
        ResponseEntity<JsonNode> late = webhook(bytes(parcelEvent("IN_TRANSIT", now.minusSeconds(1), tn, orderId, code)));
        assertThat(late.getStatusCode().value()).isEqualTo(200);
        assertThat(late.getBody().path("applied").asBoolean()).isFalse();
        parcel = onlyParcel(code);
        assertThat(parcel.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(types(parcel)).containsExactly("ACCEPTED", "IN_TRANSIT", "DELIVERED");

        // the DELIVERED again (a replay): 200, and nothing changes
        long rowsBefore = messageLogRows(code);
        long versionBefore = dossier(code).path("version").asLong();
        ResponseEntity<JsonNode> replay = webhook(deliveredBody);
        assertThat(replay.getStatusCode().value()).isEqualTo(200);
        assertThat(replay.getBody().path("duplicate").asBoolean()).isTrue();
        assertThat(eventRows((String) delivered.get("eventId"))).isEqualTo(1);
        assertThat(messageLogRows(code)).isEqualTo(rowsBefore);
        assertThat(dossier(code).path("version").asLong()).isEqualTo(versionBefore);
        assertThat(types(onlyParcel(code))).containsExactly("ACCEPTED", "IN_TRANSIT", "DELIVERED");

        // the same event id for another event: refused
        Map<String, Object> reused = new LinkedHashMap<>(delivered);
        reused.put("location", "somewhere else");
        ResponseEntity<JsonNode> conflict = webhook(bytes(reused));
        assertThat(conflict.getStatusCode().value()).isEqualTo(409);
        assertThat(conflict.getBody().path("reason").asText()).isEqualTo("event-id-reused");
    }

    @Test
    void failedDeliveriesAreTriedAgainUntilDelivered() {
        behaviour(Map.of("deliveryFailures", 2));
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");

        await().atMost(FLOW).until(() -> "RETURNED".equals(dossier(code).path("status").asText()));
        JsonNode parcel = onlyParcel(code);
        assertThat(types(parcel)).containsExactly("ACCEPTED", "PICKED_UP", "IN_TRANSIT", "DELIVERY_FAILED",
                "DELIVERY_FAILED", "DELIVERED");
        assertThat(parcel.path("failedAttempts").asInt()).isEqualTo(2);
        assertThat(parcel.path("handedBackAt").isNull()).isTrue();
        assertThat(notices(code)).isZero();
    }

    @Test
    void aResultThePostCannotDeliverGoesBackToTheCounterWithANotice() throws Exception {
        behaviour(Map.of("deliveryFailures", 10));
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");

        await().atMost(FLOW).until(() -> list(parcels(code)).stream()
                .anyMatch(p -> "RETURNED_TO_SENDER".equals(p.path("status").asText())));
        JsonNode parcel = onlyParcel(code);
        assertThat(types(parcel)).containsExactly("ACCEPTED", "PICKED_UP", "IN_TRANSIT", "DELIVERY_FAILED",
                "DELIVERY_FAILED", "DELIVERY_FAILED", "RETURNED_TO_SENDER");
        assertThat(parcel.path("failedAttempts").asInt()).isEqualTo(3);
        // handed back at the third failure (hub.post.max-delivery-attempts), announced once
        List<JsonNode> failures = new ArrayList<>();
        parcel.path("events").forEach(e -> {
            if (e.path("type").asText().equals("DELIVERY_FAILED")) {
                failures.add(e);
            }
        });
        assertThat(Instant.parse(parcel.path("handedBackAt").asText()))
                .isEqualTo(Instant.parse(failures.get(2).path("at").asText()));
        assertThat(parcel.path("handedBackReason").asText()).contains("3 delivery attempts failed");
        assertThat(notices(code)).isEqualTo(1);
        JsonNode notice = json.readTree(jdbc.queryForObject(
                "select payload::text from outbox where dossier_code = ? and type = ?", String.class, code,
                ParcelEvents.HANDED_BACK)).path("data");
        assertThat(notice.path("event").asText()).isEqualTo(ParcelEvents.HANDED_BACK);
        assertThat(notice.path("returnTo").asText()).isEqualTo("COUNTER");
        assertThat(notice.path("trackingNumber").asText()).isEqualTo(parcel.path("trackingNumber").asText());
        assertThat(notice.path("status").asText()).isEqualTo("RESOLVED");
        // the result waits at the counter: the dossier stays RESOLVED
        assertThat(dossier(code).path("status").asText()).isEqualTo("RESOLVED");
        await().atMost(FLOW).until(() -> jdbc.queryForObject(
                "select count(*) from outbox where dossier_code = ? and type = ? and published_at is not null",
                Integer.class, code, ParcelEvents.HANDED_BACK) == 1);
    }

    @Test
    void aPostThatIsDownGetsTheOrderWhenItIsBackOnce() {
        behaviour(Map.of("down", true));
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");
        // refused (503) and redelivered with back-off, each attempt in the message log
        await().atMost(FLOW).until(() -> list(hubMessages(code)).stream().anyMatch(m ->
                m.path("direction").asText().equals("OUT") && m.path("outcome").asText().equals("FAILED")));
        behaviour(Map.of());

        await().atMost(FLOW).until(() -> "RETURNED".equals(dossier(code).path("status").asText()));
        List<JsonNode> orders = list(sandboxMessages(code));
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("duplicate").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select status from partner_delivery where dossier_code = ? and partner = 'vnpost'",
                String.class, code)).isEqualTo("DELIVERED");
    }

    @Test
    void anOrderThePostRefusesGoesToItsDeadLetterQueue() {
        // no address to deliver to: the post refuses the order (400), which no retry can fix
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> a = applicant();
        a.remove("address");
        b.put("procedureCode", PROCEDURE);
        b.put("applicant", a);
        b.put("channel", "DIRECT");
        b.put("returnMethod", "POSTAL");
        ResponseEntity<JsonNode> r = post(onestop(), "/api/v1/dossiers", b, null);
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(201);
        String code = r.getBody().path("code").asText();
        apply(code, "START");
        apply(code, "RESOLVE");

        await().atMost(FLOW).until(() -> "PARKED".equals(jdbc.query(
                "select status from partner_delivery where dossier_code = ? and partner = 'vnpost'",
                (rs, i) -> rs.getString(1), code).stream().findFirst().orElse(null)));
        assertThat(jdbc.queryForObject("select last_error from partner_delivery where dossier_code = ? and partner = 'vnpost'",
                String.class, code)).contains("PermanentDeliveryFailure").contains("400");
        assertThat(list(hubMessages(code)).stream().filter(m -> m.path("outcome").asText().equals("PARKED")).count())
                .isEqualTo(1);
        JsonNode parcel = onlyParcel(code);
        assertThat(parcel.path("status").asText()).isEqualTo("PLANNED");
        assertThat(dossier(code).path("status").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void shuffledEventsEndTheSameWay() {
        behaviour(Map.of("shuffle", true));
        String code = newDossier(PROCEDURE, "POSTAL");
        apply(code, "START");
        apply(code, "RESOLVE");
        await().atMost(FLOW).until(() -> "RETURNED".equals(dossier(code).path("status").asText())
                && types(onlyParcel(code)).size() == 4);
        JsonNode parcel = onlyParcel(code);
        assertThat(parcel.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(types(parcel)).containsExactly("ACCEPTED", "PICKED_UP", "IN_TRANSIT", "DELIVERED");
        assertThat(Instant.parse(historyOf(dossier(code), "RETURN").path("at").asText()))
                .isEqualTo(Instant.parse(eventOf(parcel, "DELIVERED").path("at").asText()));
    }

    @Test
    void theReportCountsDossiersReceivedAndResultsReturnedByPost() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        JsonNode before = report(today);
        assertThat(before.has("receivedByPost")).as("report fields receivedByPost/returnedByPost").isTrue();
        assertThat(before.has("returnedByPost")).isTrue();

        // picked up at home, received at the handover, resolved, delivered home
        ResponseEntity<JsonNode> booked = post(onestop(), "/api/v1/post/pickups", booking(REPORT_PROCEDURE, "POSTAL"), null);
        assertThat(booked.getStatusCode().value()).as(String.valueOf(booked.getBody())).isEqualTo(201);
        String code = booked.getBody().path("dossier").path("code").asText();
        await().atMost(FLOW).until(() -> "RECEIVED".equals(dossier(code).path("status").asText()));
        apply(code, "START");
        apply(code, "RESOLVE");
        await().atMost(FLOW).until(() -> "RETURNED".equals(dossier(code).path("status").asText()));
        // and one received at the counter, returned at the counter: counted by neither
        String counter = newDossier(REPORT_PROCEDURE, "COUNTER");
        apply(counter, "START");
        apply(counter, "RESOLVE");
        apply(counter, "RETURN");

        JsonNode after = report(today);
        assertThat(after.path("receivedByPost").asLong() - before.path("receivedByPost").asLong()).isEqualTo(1);
        assertThat(after.path("returnedByPost").asLong() - before.path("returnedByPost").asLong()).isEqualTo(1);
        assertThat(after.path("received").path("byChannel").path("POSTAL").asLong()
                - before.path("received").path("byChannel").path("POSTAL").asLong()).isEqualTo(1);
        assertThat(after.path("received").path("new").asLong() - before.path("received").path("new").asLong()).isEqualTo(2);
        assertThat(list(parcels(code)).stream().map(p -> p.path("kind").asText()).toList())
                .containsExactly("DOSSIER_PICKUP", "RESULT_DELIVERY");
    }

    // ---------------------------------------------------------------------------------------------------------

    void behaviour(Map<String, Object> change) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("latencyMs", 0);
        b.put("failureRate", 0);
        b.put("stepMs", 150);
        b.put("deliveryFailureRate", 0);
        b.put("deliveryFailures", 0);
        b.put("shuffle", false);
        b.put("webhooks", true);
        b.putAll(change);
        ResponseEntity<JsonNode> r = asOperator("admin").put().uri("/sandbox/vnpost/behaviour")
                .contentType(MediaType.APPLICATION_JSON).body(b).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(200);
    }

    static Map<String, Object> applicant() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fullName", "Lê Thị Hoa");
        a.put("idNumber", "038190012345");
        a.put("phone", "0912345678");
        a.put("address", "Số 5 phố Lê Hoàn, phường Hạc Thành, Thanh Hóa");
        return a;
    }

    static Map<String, Object> booking(String procedure, String returnMethod) {
        Map<String, Object> a = applicant();
        a.remove("address"); // the result goes back to the pickup address
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("procedureCode", procedure);
        b.put("applicant", a);
        b.put("pickupAddress", "Thôn 3, xã Hoằng Hóa, Thanh Hóa");
        b.put("returnMethod", returnMethod);
        b.put("note", "Gọi trước 30 phút");
        return b;
    }

    String newDossier(String procedure, String returnMethod) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("procedureCode", procedure);
        b.put("applicant", applicant());
        b.put("channel", "DIRECT");
        b.put("returnMethod", returnMethod);
        ResponseEntity<JsonNode> r = post(onestop(), "/api/v1/dossiers", b, null);
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(201);
        return r.getBody().path("code").asText();
    }

    void apply(String code, String type) {
        ResponseEntity<JsonNode> r = post(onestop(), "/api/v1/dossiers/" + code + "/events",
                Map.of("eventId", "post-it-" + UUID.randomUUID(), "type", type), null);
        assertThat(r.getStatusCode().value()).as(type + ": " + r.getBody()).isEqualTo(200);
    }

    static ResponseEntity<JsonNode> post(RestClient client, String uri, Object body, String idempotencyKey) {
        RestClient.RequestBodySpec spec = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.body(body).retrieve().toEntity(JsonNode.class);
    }

    JsonNode get(RestClient client, String uri) {
        ResponseEntity<JsonNode> r = client.get().uri(uri).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as(uri + ": " + r.getBody()).isEqualTo(200);
        return r.getBody();
    }

    JsonNode dossier(String code) {
        return get(onestop(), "/api/v1/dossiers/" + code);
    }

    JsonNode parcels(String code) {
        return get(onestop(), "/api/v1/dossiers/" + code + "/parcels");
    }

    JsonNode onlyParcel(String code) {
        List<JsonNode> all = list(parcels(code));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    JsonNode hubMessages(String code) {
        return get(onestop(), "/api/v1/dossiers/" + code + "/messages");
    }

    JsonNode sandboxMessages(String code) {
        return get(asOperator("viewer"), "/sandbox/vnpost/messages?dossier=" + code);
    }

    JsonNode report(LocalDate day) {
        return get(asOperator("viewer"), "/api/v1/reports/dossiers?from=" + day + "&to=" + day + "&agency=" + REPORT_AGENCY);
    }

    static List<JsonNode> list(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.path("content").forEach(out::add);
        return out;
    }

    static List<String> types(JsonNode parcel) {
        List<String> out = new ArrayList<>();
        parcel.path("events").forEach(e -> out.add(e.path("type").asText()));
        return out;
    }

    static JsonNode eventOf(JsonNode parcel, String type) {
        for (JsonNode e : parcel.path("events")) {
            if (e.path("type").asText().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event in " + parcel);
    }

    static JsonNode historyOf(JsonNode dossier, String type) {
        JsonNode found = null;
        for (JsonNode h : dossier.path("history")) {
            if (h.path("type").asText().equals(type)) {
                assertThat(found).as("one " + type + " in the history").isNull();
                found = h;
            }
        }
        assertThat(found).as(type + " in the history of " + dossier.path("code").asText()).isNotNull();
        return found;
    }

    static Map<String, Object> parcelEvent(String type, Instant at, String trackingNumber, String orderId, String code) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "VNP-IT-" + UUID.randomUUID());
        e.put("type", type);
        e.put("occurredAt", at.toString());
        e.put("orderId", orderId);
        e.put("trackingNumber", trackingNumber);
        e.put("dossierCode", code);
        e.put("kind", "RESULT_DELIVERY");
        return e;
    }

    byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with the shared secret, as the post signs. */
    ResponseEntity<JsonNode> webhook(byte[] body) {
        return webhook(body, WebhookSignature.sign(webhookSecret, body));
    }

    ResponseEntity<JsonNode> webhook(byte[] body, String signature) {
        RestClient.RequestBodySpec spec = anonymous().post().uri("/api/v1/post/events").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            spec.header(WebhookSignature.HEADER, signature);
        }
        return spec.body(body).retrieve().toEntity(JsonNode.class);
    }

    int eventRows(String eventId) {
        return jdbc.queryForObject("select count(*) from parcel_event where event_id = ?", Integer.class, eventId);
    }

    long messageLogRows(String code) {
        return jdbc.queryForObject("select count(*) from message_log where dossier_code = ? and partner = 'vnpost'", Long.class, code);
    }

    int notices(String code) {
        return jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type = ?", Integer.class,
                code, ParcelEvents.HANDED_BACK);
    }
}
