package vn.lienthong.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;

/**
 * Contract test of the Kamelet {@code bhxh-sink}: deliveries sent through it, as the delivery routes send them
 * (docs/PARTNERS.md), reach the sandbox BHXH over real HTTP as requests that match schemas/openapi/bhxh.yaml, and
 * BHXH's answers map to "delivered", "retry" and "permanent failure".
 */
class BhxhSinkContractIT extends HubIntegrationTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1000 + (int) (Math.random() * 4000));

    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void quickBhxh() {
        assertThat(behaviour(Map.of("latencyMs", 20, "processingMs", 200)).getStatusCode().value()).isEqualTo(200);
    }

    @AfterEach
    void resetBhxh() {
        assertThat(behaviour(Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aChildsCardRequestReachesBhxhAsTheContractSays() {
        String dossier = dossierCode();
        String deliveryId = deliveryId();

        Exchange sent = send("kamelet:bhxh-sink", "HEALTH_INSURANCE_CARD", deliveryId, dossier, request(dossier));

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getBody(String.class)).contains("\"ticket\":\"BHXH-");
        assertThat(sent.getMessage().getHeader("HubDeliveryId")).isEqualTo(deliveryId);
        JsonNode received = single(messages(dossier));
        assertThat(received.path("deliveryId").asText()).as("X-Delivery-Id arrived").isEqualTo(deliveryId);
        assertThat(received.path("kind").asText()).isEqualTo("HEALTH_INSURANCE_CARD");
        assertThat(received.path("duplicate").asBoolean()).isFalse();
        assertThat(violations("BenefitRequest", received.path("payload"))).isEmpty();

        // the card number comes later, by callback: 2 letters and 13 digits, like TE1383823456789
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode callback = single(messages(dossier)).path("callback");
            assertThat(callback.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(callback.path("outcome").asText()).isEqualTo("DONE");
            assertThat(callback.path("result").path("cardNumber").asText()).matches("TE138\\d{10}");
        });
    }

    @Test
    void aFuneralAllowanceClaimGoesToTheFuneralBenefitOperation() {
        String dossier = dossierCode();
        Map<String, Object> claim = request(dossier);
        claim.put("person", Map.of("fullName", "Trịnh Văn Lộc", "idNumber", "038052000123", "dateOfBirth", "1952-03-09"));

        Exchange sent = send("kamelet:bhxh-sink", "FUNERAL_ALLOWANCE", deliveryId(), dossier, claim);

        assertThat(sent.getException()).isNull();
        JsonNode received = single(messages(dossier));
        assertThat(received.path("kind").asText()).isEqualTo("FUNERAL_ALLOWANCE");
        assertThat(violations("BenefitRequest", received.path("payload"))).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(single(messages(dossier)).path("callback").path("result").path("amountVnd").asLong())
                        .isPositive());
    }

    @Test
    void aRefusalComesBackWithItsReason() {
        assertThat(behaviour(Map.of("latencyMs", 0, "processingMs", 100, "refusalRate", 1.0)).getStatusCode().value())
                .isEqualTo(200);
        String dossier = dossierCode();

        Exchange sent = send("kamelet:bhxh-sink", "HEALTH_INSURANCE_CARD", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).as("a refusal is an answer, not a delivery failure").isNull();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode callback = single(messages(dossier)).path("callback");
            assertThat(callback.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(callback.path("outcome").asText()).isEqualTo("REFUSED");
            assertThat(callback.path("reason").asText()).isNotBlank();
        });
    }

    @Test
    void theSameDeliveryTwiceIsFlaggedDuplicateAndProcessedOnce() {
        String dossier = dossierCode();
        String deliveryId = deliveryId();

        assertThat(send("kamelet:bhxh-sink", "HEALTH_INSURANCE_CARD", deliveryId, dossier, request(dossier))
                .getException()).isNull();
        assertThat(send("kamelet:bhxh-sink", "HEALTH_INSURANCE_CARD", deliveryId, dossier, request(dossier))
                .getException()).isNull();

        JsonNode received = messages(dossier);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).path("duplicate").asBoolean()).isFalse();
        assertThat(received.get(1).path("duplicate").asBoolean()).isTrue();
        assertThat(received.get(1).path("callback").isNull()).as("no second callback").isTrue();
    }

    @Test
    void aBhxhThatIsDownFailsTheSendForARetry() {
        assertThat(behaviour(Map.of("down", true)).getStatusCode().value()).isEqualTo(200);
        String dossier = dossierCode();

        Exchange sent = send("kamelet:bhxh-sink", "FUNERAL_ALLOWANCE", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(HttpOperationFailedException.class)
                .isNotInstanceOf(PermanentDeliveryFailure.class);
        assertThat(((HttpOperationFailedException) sent.getException()).getStatusCode()).isEqualTo(503);
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void aRequestBhxhRejectsIsAPermanentFailure() {
        String dossier = dossierCode();
        Map<String, Object> invalid = request(dossier);
        invalid.put("person", Map.of("fullName", "Lê Minh Khôi", "dateOfBirth", "02/11/2026"));

        Exchange sent = send("kamelet:bhxh-sink", "HEALTH_INSURANCE_CARD", deliveryId(), dossier, invalid);

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("dateOfBirth");
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void anUnknownKindIsAPermanentFailure() {
        String dossier = dossierCode();

        Exchange sent = send("kamelet:bhxh-sink", "RESIDENCE_REGISTRATION", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessageContaining("RESIDENCE_REGISTRATION");
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void onlyAnAdminChangesBhxhsBehaviour() {
        assertThat(put(asOperator("viewer"), Map.of("down", true)).getStatusCode().value()).isEqualTo(403);
        assertThat(put(asClient(BHXH_KEY), Map.of("down", true)).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<JsonNode> changed = put(asOperator("admin"), Map.of("latencyMs", 1, "refusalRate", 0.5));
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getBody().path("refusalRate").asDouble()).isEqualTo(0.5);
        assertThat(changed.getBody().path("down").asBoolean()).isFalse();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private Exchange send(String uri, String kind, String deliveryId, String dossier, Map<String, Object> request) {
        return camel.send(uri, e -> {
            e.getIn().setBody(json.writeValueAsString(request));
            e.getIn().setHeader("HubDeliveryId", deliveryId);
            e.getIn().setHeader("HubDossierCode", dossier);
            e.getIn().setHeader("HubKind", kind);
            e.getIn().setHeader("HubPartner", "bhxh");
            e.getIn().setHeader("HubParentCode", request.get("parentCode"));
        });
    }

    /** A BHXH request as docs/PARTNERS.md has it: the card of a newborn, filed by a parent. */
    static Map<String, Object> request(String dossier) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("fullName", "Lê Minh Khôi");
        person.put("idNumber", null);
        person.put("dateOfBirth", "2026-11-02");
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Lê Thị Hoa");
        applicant.put("idNumber", "038195004321");
        applicant.put("phone", null);
        applicant.put("address", "12 Lê Lai, phường Hạc Thành, Thanh Hóa");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dossierCode", dossier);
        r.put("parentCode", "000.00.61.H56-261122-0002");
        r.put("procedureCode", "1.014137");
        r.put("person", person);
        r.put("applicant", applicant);
        return r;
    }

    private static Set<ValidationMessage> violations(String schema, JsonNode body) {
        return SCHEMAS.getSchema(SchemaLocation.of("classpath:schemas/openapi/bhxh.yaml#/components/schemas/" + schema),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()).validate(body);
    }

    private JsonNode messages(String dossier) {
        ResponseEntity<JsonNode> res = asOperator("viewer").get()
                .uri("/sandbox/bhxh/messages?dossier={d}", dossier).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
        return res.getBody().path("content");
    }

    private static JsonNode single(JsonNode messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private ResponseEntity<JsonNode> behaviour(Map<String, Object> change) {
        return put(asOperator("admin"), change);
    }

    private static ResponseEntity<JsonNode> put(RestClient client, Map<String, Object> change) {
        return client.put().uri("/sandbox/bhxh/behaviour").contentType(MediaType.APPLICATION_JSON).body(change)
                .retrieve().toEntity(JsonNode.class);
    }

    private static String dossierCode() {
        return String.format("000.00.05.H56-261122-%04d", SEQUENCE.incrementAndGet() % 10_000);
    }

    private static String deliveryId() {
        return "dlv-bhxh-test-" + UUID.randomUUID();
    }
}
