package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.platform.MqttConnection;

/**
 * The hall devices' feed end to end on the embedded broker: real clients (mosquitto_pub, a Paho MQTT 5 client)
 * with registered credentials, the broker's authentication and per-device authorization, the ingest route
 * (schema, parking, batches, dedupe) and the satisfaction report.
 */
class DeviceMqttIT extends DeviceTestSupport {

    private static final String CENTER = "hcc-it";

    @Autowired
    MqttConnection mqtt;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void ratingsPublishedWithMosquittoPubAppearInTheSatisfactionReport() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);

        for (String level : new String[] {"VERY_SATISFIED", "VERY_SATISFIED", "SATISFIED"}) {
            Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                    "-t", pad.topic("rating"), "-m", rating(UUID.randomUUID().toString(), pad.counterId(), level));
            assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub.output()).isZero();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(satisfaction(pad.counterId()).path("total").asLong()).isEqualTo(3));
        JsonNode report = satisfaction(pad.counterId());
        assertThat(report.path("verySatisfied").path("count").asLong()).isEqualTo(2);
        assertThat(report.path("verySatisfied").path("rate").decimalValue()).isEqualByComparingTo("66.67");
        assertThat(report.path("satisfied").path("count").asLong()).isEqualTo(1);
        assertThat(report.path("satisfied").path("rate").decimalValue()).isEqualByComparingTo("33.33");
        assertThat(report.path("unsatisfied").path("count").asLong()).isZero();
        assertThat(report.path("unsatisfied").path("rate").decimalValue()).isEqualByComparingTo("0");
        // on the wire: always two decimals
        String raw = asOperator("viewer").get().uri(u -> u.path("/api/v1/reports/satisfaction")
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-02").queryParam("counter", pad.counterId())
                .build()).retrieve().body(String.class);
        assertThat(raw).isEqualTo("{\"total\":0,\"verySatisfied\":{\"count\":0,\"rate\":0.00},"
                + "\"satisfied\":{\"count\":0,\"rate\":0.00},\"unsatisfied\":{\"count\":0,\"rate\":0.00}}");
        // the one-stop shop may read it too; an anonymous caller may not
        assertThat(onestop().get().uri("/api/v1/reports/satisfaction?from=2026-01-01&to=2026-01-31")
                .retrieve().toEntity(JsonNode.class).getStatusCode().value()).isEqualTo(200);
        assertThat(anonymous().get().uri("/api/v1/reports/satisfaction?from=2026-01-01&to=2026-01-31")
                .retrieve().toEntity(JsonNode.class).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedAtConnect() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        String message = rating(UUID.randomUUID().toString(), pad.counterId(), "SATISFIED");

        Result wrongPassword = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", "not-the-password",
                "-q", "1", "-t", pad.topic("rating"), "-m", message);
        Result unknownUser = mosquittoPub("127.0.0.1", mqtt.port(), "-u", "nobody-" + UUID.randomUUID(), "-P",
                pad.password(), "-q", "1", "-t", pad.topic("rating"), "-m", message);
        Result anonymous = mosquittoPub("127.0.0.1", mqtt.port(), "-q", "1", "-t", pad.topic("rating"), "-m", message);
        Result mqtt5 = mosquittoPub("127.0.0.1", mqtt.port(), "-V", "mqttv5", "-u", pad.username(), "-P", "wrong",
                "-q", "1", "-t", pad.topic("rating"), "-m", message);

        assertThat(wrongPassword.exitCode()).as("wrong password: %s", wrongPassword.output()).isNotZero();
        assertThat(unknownUser.exitCode()).as("unknown user: %s", unknownUser.output()).isNotZero();
        assertThat(anonymous.exitCode()).as("no credentials: %s", anonymous.output()).isNotZero();
        assertThat(mqtt5.exitCode()).as("MQTT 5, wrong password: %s", mqtt5.output()).isNotZero();
        assertThat(wrongPassword.output()).containsIgnoringCase("refused");

        // the right credentials then work, and only that message is stored
        Result ok = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", pad.topic("rating"), "-m", rating(UUID.randomUUID().toString(), pad.counterId(), "SATISFIED"));
        assertThat(ok.exitCode()).as("right credentials: %s", ok.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 1);
    }

    @Test
    void aDevicePublishesOnlyOnItsOwnTopics() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        TestDevice other = register(DeviceKind.RATING, CENTER);
        String stolen = "stolen-" + UUID.randomUUID();
        String wrongKind = "wrong-kind-" + UUID.randomUUID();

        // another pad's topic, with MQTT 3.1.1 and MQTT 5; its own device id on a channel its kind has not
        Result v311 = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", other.topic("rating"), "-m", rating(stolen, other.counterId(), "UNSATISFIED"));
        Result v5 = mosquittoPub("127.0.0.1", mqtt.port(), "-V", "mqttv5", "-u", pad.username(), "-P", pad.password(),
                "-q", "1", "-t", other.topic("rating"), "-m", rating(stolen, other.counterId(), "UNSATISFIED"));
        Result queue = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", pad.topic("queue"), "-m", "{\"eventId\":\"" + wrongKind + "\",\"at\":\"2026-11-22T08:00:00+07:00\","
                        + "\"type\":\"TICKET_ISSUED\",\"ticket\":\"A001\",\"serviceArea\":\"DAT_DAI\"}");
        System.out.printf("Publishing on another device's topic: MQTT 3.1.1 exit %d (%s), MQTT 5 exit %d (%s), "
                        + "wrong channel exit %d (%s)%n", v311.exitCode(), v311.output().strip(), v5.exitCode(),
                v5.output().strip(), queue.exitCode(), queue.output().strip());

        // the pad's own topic still works: once its message is stored, the refused ones would have been too
        String own = "own-" + UUID.randomUUID();
        Result ok = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", pad.topic("rating"), "-m", rating(own, pad.counterId(), "SATISFIED"));
        assertThat(ok.exitCode()).as("own topic: %s", ok.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 1);

        assertThat(jdbc.queryForObject("select count(*) from device_event where event_id in (?, ?)", Long.class,
                stolen, wrongKind)).isZero();
        assertThat(storedEvents(other.deviceId())).isZero();
        assertThat(satisfaction(other.counterId()).path("total").asLong()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from parked_message where body like ? or body like ?",
                Long.class, "%" + stolen + "%", "%" + wrongKind + "%")).as("never reached the hub").isZero();
    }

    @Test
    void aDeviceCannotSubscribe() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        MqttClient client = new MqttClient(mqtt.url(), "it-sub-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(pad.username());
            options.setPassword(pad.password().getBytes(StandardCharsets.UTF_8));
            client.connect(options);
            int[] codes;
            try {
                IMqttToken token = client.subscribe("hcc/#", 1);
                codes = token.getReasonCodes();
            } catch (MqttException e) {
                codes = new int[] {e.getReasonCode()};
            }
            assertThat(java.util.Arrays.stream(codes).boxed().toList()).as("SUBACK reason codes").allMatch(c -> c >= 0x80);
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    @Test
    void malformedPayloadsAreParkedWithTheirReasonsAndTheFlowGoesOn() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        String topic = pad.topic("rating");
        Path large = Files.createTempFile("large-payload", ".json");
        Files.writeString(large, rating("big-" + UUID.randomUUID(), pad.counterId(), "SATISFIED")
                .replace("\"officer.test\"", "\"" + "x".repeat(20_000) + "\""));
        try {
            String[][] bad = {
                    {"-m", "this is not JSON"},
                    {"-m", rating("bad-enum-" + UUID.randomUUID(), pad.counterId(), "GREAT")},
                    {"-m", "{\"eventId\":\"no-at\",\"counterId\":\"" + pad.counterId() + "\",\"rating\":\"SATISFIED\"}"},
                    {"-f", large.toString()},
                    {"-m", "[1,2,3]"},
            };
            for (String[] payload : bad) {
                Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q",
                        "1", "-t", topic, payload[0], payload[1]);
                assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub.output()).isZero();
            }
            String good = "good-" + UUID.randomUUID();
            mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1", "-t", topic,
                    "-m", rating(good, pad.counterId(), "VERY_SATISFIED"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedReasons(topic)).hasSize(5));
            assertThat(parkedReasons(topic)).satisfiesExactlyInAnyOrder(
                    r -> assertThat(r).startsWith("not JSON"),
                    r -> assertThat(r).startsWith("schema device-rating").contains("rating").contains("GREAT"),
                    r -> assertThat(r).startsWith("schema device-rating").contains("at"),
                    r -> assertThat(r).startsWith("too large").contains("16384"),
                    r -> assertThat(r).startsWith("not a JSON object"));
            await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 1);
            assertThat(jdbc.queryForObject("select event_id from device_event where device_id = ? and channel = 'RATING'",
                    String.class, pad.deviceId())).isEqualTo(good);

            // operators see them (with the payload), and the hub stays healthy
            assertThat(jdbc.queryForObject("select body from parked_message where source = ? and reason like 'not JSON%'",
                    String.class, topic)).isEqualTo("this is not JSON");
            ResponseEntity<JsonNode> health = anonymous().get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);
            assertThat(health.getBody().path("status").asText()).isEqualTo("UP");
        } finally {
            Files.deleteIfExists(large);
        }
    }

    @Test
    void messagesPublishedWhileTheIngestIsDownWaitInItsPersistentSession() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        for (int round = 1; round <= 3; round++) {
            // the route stops as in a shutdown: its client disconnects without unsubscribing (clean start off)
            camel.getRouteController().stopRoute("device-ingest-mqtt");
            try {
                for (int i = 0; i < 10; i++) {
                    Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(),
                            "-q", "1", "-t", pad.topic("rating"),
                            "-m", rating("while-down-" + round + "-" + i, pad.counterId(), "SATISFIED"));
                    assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub.output()).isZero();
                }
                assertThat(storedEvents(pad.deviceId())).isEqualTo(10L * (round - 1));
            } finally {
                camel.getRouteController().startRoute("device-ingest-mqtt");
            }
            long expected = 10L * round;
            await().atMost(Duration.ofSeconds(30)).until(() -> storedEvents(pad.deviceId()) == expected);
        }
    }

    @Test
    void theSameEventTwiceIsCountedOnce() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        String message = rating("dup-" + UUID.randomUUID(), pad.counterId(), "UNSATISFIED");
        for (int i = 0; i < 3; i++) {
            Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                    "-t", pad.topic("rating"), "-m", message);
            assertThat(pub.exitCode()).isZero();
        }
        String after = "after-" + UUID.randomUUID();
        mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", pad.topic("rating"), "-m", rating(after, pad.counterId(), "SATISFIED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 2);
        JsonNode report = satisfaction(pad.counterId());
        assertThat(report.path("total").asLong()).isEqualTo(2);
        assertThat(report.path("unsatisfied").path("count").asLong()).isEqualTo(1);
    }

    @Test
    void tenThousandRatingsAsFastAsOneClientCanAreEachCountedOnce() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, CENTER);
        int total = 10_000;
        MqttAsyncClient client = new MqttAsyncClient(mqtt.url(), "it-load-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(pad.username());
        options.setPassword(pad.password().getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        Semaphore window = new Semaphore(1000);
        AtomicInteger failed = new AtomicInteger();
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failed.incrementAndGet();
                window.release();
            }
        };
        String[] levels = {"VERY_SATISFIED", "SATISFIED", "UNSATISFIED", "VERY_SATISFIED"};
        long started = System.nanoTime();
        try {
            for (int i = 0; i < total; i++) {
                byte[] payload = rating("load-" + i, pad.counterId(), levels[i % levels.length])
                        .getBytes(StandardCharsets.UTF_8);
                window.acquire();
                client.publish(pad.topic("rating"), payload, 1, false, null, release);
            }
            assertThat(window.tryAcquire(1000, 60, TimeUnit.SECONDS)).as("every PUBACK").isTrue();
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
        long published = System.nanoTime();
        assertThat(failed.get()).as("publishes the broker refused").isZero();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> storedEvents(pad.deviceId()) >= total);
        long stored = System.nanoTime();
        double publishSeconds = (published - started) / 1e9;
        double ingestSeconds = (stored - started) / 1e9;
        System.out.printf("MQTT ingest: %d QoS 1 ratings from one Paho client: published (all PUBACKs) in %.2f s = "
                        + "%.0f msgs/s; all stored in %.2f s = %.0f msgs/s end to end%n", total, publishSeconds,
                total / publishSeconds, ingestSeconds, total / ingestSeconds);

        assertThat(storedEvents(pad.deviceId())).isEqualTo(total);
        JsonNode report = satisfaction(pad.counterId());
        assertThat(report.path("total").asLong()).isEqualTo(total);
        assertThat(report.path("verySatisfied").path("count").asLong()).isEqualTo(5000);
        assertThat(report.path("verySatisfied").path("rate").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(report.path("satisfied").path("count").asLong()).isEqualTo(2500);
        assertThat(report.path("unsatisfied").path("count").asLong()).isEqualTo(2500);
    }
}
