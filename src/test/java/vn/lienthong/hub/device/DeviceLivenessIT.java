package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import vn.lienthong.hub.platform.KafkaConnection;
import vn.lienthong.hub.platform.MqttConnection;

/**
 * Heartbeats and offline detection: a silent device is flagged offline once per outage (DEVICE_OFFLINE on Kafka
 * hub.device.events), a device whose connection is lost is flagged by its last will, and the next message brings
 * it back (DEVICE_ONLINE).
 */
class DeviceLivenessIT extends DeviceTestSupport {

    @Autowired
    MqttConnection mqtt;

    @Autowired
    KafkaConnection kafka;

    @Autowired
    DeviceLiveness liveness;

    @Test
    void aSilentDeviceIsFlaggedOfflineOncePerOutageAndComesBackWithItsNextHeartbeat() throws Exception {
        TestDevice kiosk = register(DeviceKind.KIOSK, "hcc-live");
        assertThat(device(kiosk).path("online").asBoolean()).isFalse();

        heartbeat(kiosk, 77);
        await().atMost(Duration.ofSeconds(20)).until(() -> device(kiosk).path("online").asBoolean());
        JsonNode seen = device(kiosk);
        assertThat(seen.path("lastSeenAt").isNull()).isFalse();
        assertThat(seen.path("battery").asInt()).isEqualTo(77);
        assertThat(seen.path("state").asText()).isEqualTo("ONLINE");
        assertThat(seen.path("firmware").asText()).isEqualTo("2.3.1");

        // its last message was three minutes ago (offline-after is two)
        jdbc.update("update device set last_seen_at = now() - interval '3 minutes' where device_id = ?", kiosk.deviceId());
        liveness.scan();
        liveness.scan();
        assertThat(device(kiosk).path("online").asBoolean()).isFalse();
        assertThat(device(kiosk).path("offlineSince").isNull()).isFalse();
        assertThat(hubEvents(kiosk, "DEVICE_OFFLINE")).isEqualTo(1);

        // published on hub.device.events, keyed by the device, as a CloudEvent
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafkaRecords(kiosk.deviceId()), r -> r.stream().anyMatch(x -> x.value().contains("device_offline")));
        ConsumerRecord<String, String> offline = records.stream().filter(r -> r.value().contains("device_offline"))
                .findFirst().orElseThrow();
        JsonNode ce = JSON.readTree(offline.value());
        assertThat(ce.path("type").asText()).isEqualTo("vn.lienthong.hub.device.device_offline");
        assertThat(ce.path("subject").asText()).isEqualTo(kiosk.deviceId());
        assertThat(ce.path("data").path("reason").asText()).isEqualTo("no-heartbeat");
        assertThat(records).anyMatch(r -> r.value().contains("\"type\":\"vn.lienthong.hub.device.status\""));

        heartbeat(kiosk, 76);
        await().atMost(Duration.ofSeconds(20)).until(() -> device(kiosk).path("online").asBoolean());
        assertThat(hubEvents(kiosk, "DEVICE_ONLINE")).isEqualTo(2);
        assertThat(hubEvents(kiosk, "DEVICE_OFFLINE")).isEqualTo(1);
    }

    @Test
    void aPayloadCannotSayItCameFromAnotherDeviceOrCenter() throws Exception {
        // the device schemas allow other properties; who sent a message is the broker's word, not the payload's
        TestDevice kiosk = register(DeviceKind.KIOSK, "hcc-live");
        Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", kiosk.username(), "-P", kiosk.password(), "-q", "1",
                "-t", kiosk.topic("status"), "-m", "{\"at\":\"" + OffsetDateTime.now(ZONE) + "\",\"state\":\"ONLINE\","
                        + "\"battery\":55,\"deviceId\":\"someone-else\",\"center\":\"elsewhere\",\"channel\":\"queue\"}");
        assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub.output()).isZero();
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafkaRecords(kiosk.deviceId()), r -> r.stream().anyMatch(x -> x.value().contains("\"battery\":55")));
        JsonNode data = JSON.readTree(records.stream().filter(r -> r.value().contains("\"battery\":55")).findFirst()
                .orElseThrow().value()).path("data");
        assertThat(data.path("deviceId").asText()).isEqualTo(kiosk.deviceId());
        assertThat(data.path("center").asText()).isEqualTo("hcc-live");
        assertThat(data.path("channel").asText()).isEqualTo("STATUS");
    }

    @Test
    void aLostConnectionIsReportedByTheDevicesLastWill() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, "hcc-live");
        MqttAsyncClient client = new MqttAsyncClient(mqtt.url(), "it-will-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(pad.username());
        options.setPassword(pad.password().getBytes(StandardCharsets.UTF_8));
        options.setWill(pad.topic("status"), new MqttMessage(("{\"at\":\"" + OffsetDateTime.now(ZONE)
                + "\",\"state\":\"OFFLINE\"}").getBytes(StandardCharsets.UTF_8), 1, false, null));
        client.connect(options).waitForCompletion(10_000);
        client.publish(pad.topic("status"), ("{\"at\":\"" + OffsetDateTime.now(ZONE) + "\",\"state\":\"ONLINE\"}")
                .getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> device(pad).path("online").asBoolean());

        // the link drops without a DISCONNECT (power cut, network gone): the broker publishes the device's will
        client.disconnectForcibly(0, 1000, false);
        client.close(true);

        await().atMost(Duration.ofSeconds(20)).until(() -> !device(pad).path("online").asBoolean());
        assertThat(device(pad).path("state").asText()).isEqualTo("OFFLINE");
        assertThat(hubEvents(pad, "DEVICE_OFFLINE")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select payload->>'reason' from device_event where device_id = ? and type = 'DEVICE_OFFLINE'",
                String.class, pad.deviceId())).isEqualTo("reported-offline");
    }

    private void heartbeat(TestDevice d, int battery) throws Exception {
        Result pub = mosquittoPub("127.0.0.1", mqtt.port(), "-u", d.username(), "-P", d.password(), "-q", "1",
                "-t", d.topic("status"), "-m", "{\"at\":\"" + OffsetDateTime.now(ZONE) + "\",\"state\":\"ONLINE\","
                        + "\"battery\":" + battery + ",\"firmware\":\"2.3.1\"}");
        assertThat(pub.exitCode()).as("mosquitto_pub: %s", pub.output()).isZero();
    }

    private JsonNode device(TestDevice d) {
        return asOperator("viewer").get().uri("/api/v1/devices/{id}", d.deviceId()).retrieve().body(JsonNode.class);
    }

    private long hubEvents(TestDevice d, String type) {
        Long n = jdbc.queryForObject("select count(*) from device_event where device_id = ? and type = ?", Long.class,
                d.deviceId(), type);
        return n == null ? 0 : n;
    }

    private List<ConsumerRecord<String, String>> kafkaRecords(String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-liveness-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(DeviceEventRelay.TOPIC));
            int empty = 0;
            while (empty < 3) {
                var batch = consumer.poll(Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    empty++;
                }
                batch.forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }
}
