package vn.lienthong.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpServer;
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
 * Contract test of the Kamelet {@code police-sink}: a delivery sent through it, as the delivery routes send it
 * (docs/PARTNERS.md), reaches the sandbox police over real HTTP as a request that matches schemas/openapi/police.yaml;
 * the police's answers map to "delivered", "retry" and "permanent failure" as the contract says.
 */
class PoliceSinkContractIT extends HubIntegrationTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1000 + (int) (Math.random() * 4000));

    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void quickPolice() {
        assertThat(behaviour(Map.of("latencyMs", 20, "processingMs", 200)).getStatusCode().value()).isEqualTo(200);
    }

    @AfterEach
    void resetPolice() {
        assertThat(behaviour(Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aRegistrationReachesThePoliceAsTheContractSays() throws Exception {
        String dossier = dossierCode();
        String deliveryId = deliveryId();

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId, dossier, request(dossier));

        assertThat(sent.getException()).isNull();
        assertThat(json.readTree(sent.getMessage().getBody(String.class)).path("ticket").asText()).startsWith("BCA-");
        // the calling route keeps its own headers; the key does not linger on the message
        assertThat(sent.getMessage().getHeader("HubDeliveryId")).isEqualTo(deliveryId);
        assertThat(sent.getMessage().getHeader("HubKind")).isEqualTo("RESIDENCE_REGISTRATION");
        assertThat(sent.getMessage().getHeader("X-API-Key")).isNull();

        JsonNode received = single(messages(dossier));
        assertThat(received.path("deliveryId").asText()).as("X-Delivery-Id arrived").isEqualTo(deliveryId);
        assertThat(received.path("kind").asText()).isEqualTo("RESIDENCE_REGISTRATION");
        assertThat(received.path("duplicate").asBoolean()).isFalse();
        assertThat(violations("ResidenceRequest", received.path("payload"))).isEmpty();

        // the police calls the hub back on its own, later, with a residence record number
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode callback = single(messages(dossier)).path("callback");
            assertThat(callback.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(callback.path("outcome").asText()).isEqualTo("DONE");
            assertThat(callback.path("result").path("residenceBookNumber").asText()).matches("\\d{12}");
        });
    }

    @Test
    void aRemovalGoesToTheRemovalsOperation() {
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REMOVAL", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isNull();
        JsonNode received = single(messages(dossier));
        assertThat(received.path("kind").asText()).isEqualTo("RESIDENCE_REMOVAL");
        assertThat(violations("ResidenceRequest", received.path("payload"))).isEmpty();
    }

    @Test
    void theSameDeliveryTwiceIsFlaggedDuplicateAndProcessedOnce() {
        String dossier = dossierCode();
        String deliveryId = deliveryId();

        Exchange first = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId, dossier, request(dossier));
        Exchange again = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId, dossier, request(dossier));

        assertThat(first.getException()).isNull();
        assertThat(again.getException()).as("a duplicate is acknowledged").isNull();
        assertThat(again.getMessage().getBody(String.class)).isEqualTo(first.getMessage().getBody(String.class));
        JsonNode received = messages(dossier);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).path("duplicate").asBoolean()).isFalse();
        assertThat(received.get(1).path("duplicate").asBoolean()).isTrue();
        assertThat(received.get(1).path("callback").isNull()).as("no second callback").isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(messages(dossier).get(0).path("callback").path("attempts").asInt()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void aPoliceThatIsDownFailsTheSendForARetry() {
        assertThat(behaviour(Map.of("down", true)).getStatusCode().value()).isEqualTo(200);
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(HttpOperationFailedException.class)
                .isNotInstanceOf(PermanentDeliveryFailure.class);
        assertThat(((HttpOperationFailedException) sent.getException()).getStatusCode()).isEqualTo(503);
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void aFailingShareOfCallsFailsTheSendForARetry() {
        assertThat(behaviour(Map.of("latencyMs", 0, "failureRate", 1.0)).getStatusCode().value()).isEqualTo(200);
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(HttpOperationFailedException.class);
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void aSlowPoliceTimesOutForARetry() {
        assertThat(behaviour(Map.of("latencyMs", 2000)).getStatusCode().value()).isEqualTo(200);
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink?timeoutMs=300", "RESIDENCE_REGISTRATION", deliveryId(), dossier,
                request(dossier));

        assertThat(sent.getException()).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void aRequestThePoliceRejectsIsAPermanentFailure() {
        String dossier = dossierCode();
        Map<String, Object> invalid = request(dossier);
        invalid.remove("applicant");

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", deliveryId(), dossier, invalid);

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("applicant");
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void aWrongKeyIsAPermanentFailure() {
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink?apiKey=not-the-hub-key-at-police", "RESIDENCE_REGISTRATION",
                deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void anUnknownKindIsAPermanentFailureAndNothingIsSent() {
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink", "HEALTH_INSURANCE_CARD", deliveryId(), dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessageContaining("HEALTH_INSURANCE_CARD");
        assertThat(messages(dossier)).isEmpty();
    }

    @Test
    void aDeliveryWithoutItsIdIsAPermanentFailureAndNothingIsSent() {
        String dossier = dossierCode();

        Exchange sent = send("kamelet:police-sink", "RESIDENCE_REGISTRATION", null, dossier, request(dossier));

        assertThat(sent.getException()).isInstanceOf(PermanentDeliveryFailure.class).hasMessageContaining("HubDeliveryId");
        assertThat(messages(dossier)).isEmpty();
    }

    /** On the wire: the operation's path, JSON, X-Delivery-Id and X-API-Key — and none of the hub's own headers. */
    @Test
    void onlyTheContractHeadersGoOnTheWire() throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer stub = stub(202, exchange -> {
            path.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            seen.putAll(exchange.getRequestHeaders());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        });
        try {
            String dossier = dossierCode();
            String deliveryId = deliveryId();
            Exchange sent = camel.send("kamelet:police-sink?apiKey=wire-key&url=http://127.0.0.1:"
                    + stub.getAddress().getPort() + "/police", e -> {
                        headers(e, "RESIDENCE_REMOVAL", deliveryId, dossier, request(dossier));
                        e.getIn().setHeader("JMSXGroupID", dossier);
                        e.getIn().setHeader("CamelHttpUri", "http://elsewhere.invalid/");
                        e.getIn().setHeader("CamelRedeliveryCounter", 2);
                    });

            assertThat(sent.getException()).isNull();
            assertThat(path.get()).isEqualTo("POST /police/residence/removals");
            assertThat(seen.get("X-delivery-id")).containsExactly(deliveryId);
            assertThat(seen.get("X-api-key")).containsExactly("wire-key");
            assertThat(seen.get("Content-type").get(0)).startsWith("application/json");
            assertThat(seen.keySet()).noneMatch(h -> h.toLowerCase().startsWith("hub") || h.toLowerCase().startsWith("camel")
                    || h.toLowerCase().startsWith("jms"));
            assertThat(violations("ResidenceRequest", json.readTree(body.get()))).isEmpty();
            // and none of the police's response headers lands on the hub's message
            assertThat(sent.getMessage().getHeader("X-Police-Trace")).isNull();
            assertThat(sent.getMessage().getHeader("HubDeliveryId")).isEqualTo(deliveryId);
            assertThat(sent.getMessage().getHeader("CamelRedeliveryCounter")).as("the caller's own").isEqualTo(2);
        } finally {
            stub.stop(0);
        }
    }

    /** 408, 429 and 5xx are worth another try — the caller's, not a hidden one in the client; any other 4xx is not. */
    @Test
    void onlyClientErrorsOtherThan408And429ArePermanent() {
        for (int status : new int[] {400, 403, 404, 409, 422, 408, 429, 500, 502, 503}) {
            AtomicInteger calls = new AtomicInteger();
            HttpServer stub = stub(status, exchange -> {
                exchange.getRequestBody().readAllBytes();
                calls.incrementAndGet();
            });
            try {
                String dossier = dossierCode();
                Exchange sent = send("kamelet:police-sink?url=http://127.0.0.1:" + stub.getAddress().getPort(),
                        "RESIDENCE_REGISTRATION", deliveryId(), dossier, request(dossier));
                boolean permanent = status < 500 && status != 408 && status != 429;
                if (permanent) {
                    assertThat(sent.getException()).as("HTTP " + status).isInstanceOf(PermanentDeliveryFailure.class);
                } else {
                    assertThat(sent.getException()).as("HTTP " + status).isInstanceOf(HttpOperationFailedException.class);
                }
                assertThat(calls.get()).as("calls answered HTTP " + status).isEqualTo(1);
            } finally {
                stub.stop(0);
            }
        }
    }

    @Test
    void onlyAnAdminChangesThePolicesBehaviour() {
        Map<String, Object> down = Map.of("down", true);
        assertThat(put(asOperator("viewer"), down).getStatusCode().value()).isEqualTo(403);
        assertThat(put(asOperator("operator"), down).getStatusCode().value()).isEqualTo(403);
        assertThat(put(anonymous(), down).getStatusCode().value()).isEqualTo(401);
        assertThat(put(onestop(), down).getStatusCode().value()).isEqualTo(403);
        assertThat(asOperator("viewer").get().uri("/sandbox/police/behaviour").retrieve().toEntity(JsonNode.class)
                .getBody().path("down").asBoolean()).isFalse();

        ResponseEntity<JsonNode> changed = put(asOperator("admin"), Map.of("latencyMs", 5, "failureRate", 0.25, "down", false));
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getBody().path("latencyMs").asLong()).isEqualTo(5);
        assertThat(changed.getBody().path("failureRate").asDouble()).isEqualTo(0.25);

        assertThat(put(asOperator("admin"), Map.of("failureRate", 2)).getStatusCode().value()).isEqualTo(400);
        assertThat(put(asOperator("admin"), Map.of("latency", 5)).getStatusCode().value()).isEqualTo(400);
        assertThat(anonymous().get().uri("/sandbox/police/messages?dossier=x").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(401);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private Exchange send(String uri, String kind, String deliveryId, String dossier, Map<String, Object> request) {
        return camel.send(uri, e -> headers(e, kind, deliveryId, dossier, request));
    }

    private void headers(Exchange e, String kind, String deliveryId, String dossier, Map<String, Object> request)
            throws Exception {
        e.getIn().setBody(json.writeValueAsString(request));
        e.getIn().setHeader("HubDeliveryId", deliveryId);
        e.getIn().setHeader("HubDossierCode", dossier);
        e.getIn().setHeader("HubKind", kind);
        e.getIn().setHeader("HubPartner", "police");
        e.getIn().setHeader("HubParentCode", request.get("parentCode"));
    }

    /** A police request as docs/PARTNERS.md has it: a newborn registered at the applicant's address. */
    static Map<String, Object> request(String dossier) {
        Map<String, Object> person = new java.util.LinkedHashMap<>();
        person.put("fullName", "Lê Minh Khôi");
        person.put("dateOfBirth", "2026-11-02");
        Map<String, Object> applicant = new java.util.LinkedHashMap<>();
        applicant.put("fullName", "Lê Thị Hoa");
        applicant.put("idNumber", "038195004321");
        applicant.put("phone", "0912345678");
        applicant.put("address", "12 Lê Lai, phường Hạc Thành, Thanh Hóa");
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("dossierCode", dossier);
        r.put("parentCode", "000.00.61.H56-261122-0002");
        r.put("procedureCode", "1.004222");
        r.put("person", person);
        r.put("applicant", applicant);
        r.put("address", "12 Lê Lai, phường Hạc Thành, Thanh Hóa");
        return r;
    }

    private Set<ValidationMessage> violations(String schema, JsonNode body) {
        JsonSchema s = SCHEMAS.getSchema(
                SchemaLocation.of("classpath:schemas/openapi/police.yaml#/components/schemas/" + schema),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        return s.validate(body);
    }

    private JsonNode messages(String dossier) {
        ResponseEntity<JsonNode> res = asOperator("viewer").get()
                .uri("/sandbox/police/messages?dossier={d}", dossier).retrieve().toEntity(JsonNode.class);
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
        return client.put().uri("/sandbox/police/behaviour").contentType(MediaType.APPLICATION_JSON).body(change)
                .retrieve().toEntity(JsonNode.class);
    }

    private static String dossierCode() {
        return String.format("000.00.04.H56-261122-%04d", SEQUENCE.incrementAndGet() % 10_000);
    }

    private static String deliveryId() {
        return "dlv-police-test-" + UUID.randomUUID();
    }

    interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    /** A stand-in police on a free port that answers every call with {@code status}. */
    private static HttpServer stub(int status, Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                handler.handle(exchange);
                byte[] answer = (status < 300 ? "{\"ticket\":\"STUB-1\"}" : "{\"status\":" + status + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("X-Police-Trace", "should-not-reach-the-hub-message");
                exchange.getResponseHeaders().add("Retry-After", "30");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
