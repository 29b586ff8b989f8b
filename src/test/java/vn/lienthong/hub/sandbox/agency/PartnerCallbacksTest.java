package vn.lienthong.hub.sandbox.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import vn.lienthong.hub.platform.security.ClientRegistry;

/**
 * The simulated agencies' callbacks survive a hub that is briefly unavailable: they are retried with back-off on
 * no answer, 5xx, 408 and 429, and given up on other refusals — against a stand-in hub on a free port.
 */
class PartnerCallbacksTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private HttpServer hub;
    private PartnerCallbacks callbacks;

    @AfterEach
    void stop() {
        if (callbacks != null) {
            callbacks.destroy();
        }
        if (hub != null) {
            hub.stop(0);
        }
    }

    @Test
    void aCallbackIsRetriedWhileTheHubIsUnavailableThenDelivered() throws Exception {
        callbacks = callbacks(hubAnswering(503, 502, 200), 5);

        callbacks.schedule("police", result("dlv-police-1"), 10);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(callbacks.progress("police", "dlv-police-1").orElseThrow().view())
                        .containsEntry("state", "DELIVERED").containsEntry("attempts", 3).containsEntry("lastStatus", 200));
        assertThat(keys).containsOnly("police-key-at-hub");
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                SchemaLocation.of("classpath:schemas/openapi/partner-callback.yaml#/components/schemas/PartnerResult"),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        for (String body : bodies) {
            assertThat(schema.validate(json.readTree(body))).isEmpty();
        }
    }

    @Test
    void aHubThatStaysDownIsGivenUpOnAfterTheLastAttempt() throws Exception {
        int port = hubAnswering(200);
        hub.stop(0); // nothing listens there any more
        hub = null;
        callbacks = callbacks(port, 3);

        callbacks.schedule("bhxh", result("dlv-bhxh-1"), 0);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(callbacks.progress("bhxh", "dlv-bhxh-1").orElseThrow().view())
                        .containsEntry("state", "GAVE_UP").containsEntry("attempts", 3));
    }

    @Test
    void aRefusalByTheHubIsNotRetried() throws Exception {
        callbacks = callbacks(hubAnswering(404, 200), 5);

        callbacks.schedule("police", result("dlv-police-2"), 0);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(callbacks.progress("police", "dlv-police-2").orElseThrow().view())
                        .containsEntry("state", "REJECTED").containsEntry("attempts", 1).containsEntry("lastStatus", 404));
        assertThat(bodies).hasSize(1);
    }

    private PartnerCallbacks callbacks(int port, int maxAttempts) {
        ClientRegistry clients = mock(ClientRegistry.class);
        when(clients.sandboxKey("police")).thenReturn(Optional.of("police-key-at-hub"));
        when(clients.sandboxKey("bhxh")).thenReturn(Optional.of("bhxh-key-at-hub"));
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.sandbox.callback-url", "http://127.0.0.1:" + port + "/api/v1/partners/results");
        return new PartnerCallbacks(clients, env, json, maxAttempts, 20, 100, 1);
    }

    /** A stand-in hub answering the given statuses in turn (the last one from then on); returns its port. */
    private int hubAnswering(int... statuses) throws IOException {
        AtomicInteger n = new AtomicInteger();
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/partners/results", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("X-API-Key"));
            int status = statuses[Math.min(n.getAndIncrement(), statuses.length - 1)];
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hub.start();
        return hub.getAddress().getPort();
    }

    private static Map<String, Object> result(String deliveryId) {
        return Map.of("deliveryId", deliveryId, "dossierCode", "000.00.04.H56-261122-0003", "outcome", "DONE",
                "result", Map.of("residenceBookNumber", "038123456789"));
    }
}
