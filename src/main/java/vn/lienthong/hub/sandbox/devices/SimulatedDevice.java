package vn.lienthong.hub.sandbox.devices;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated hall device: its own MQTT connection with its registered credentials, a last will (status OFFLINE)
 * on its status topic, QoS 1 publishes on its own topics — exactly what a real kiosk, call unit or pad does.
 */
final class SimulatedDevice {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDevice.class);
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    final String deviceId;
    final String center;
    final String channel;
    final String counterId;
    private final MqttAsyncClient client;
    private long sequence;
    private int battery = 100;

    SimulatedDevice(String brokerUrl, String deviceId, String center, String channel, String counterId,
            String username, String password) throws MqttException {
        this.deviceId = deviceId;
        this.center = center;
        this.channel = channel;
        this.counterId = counterId;
        this.client = new MqttAsyncClient(brokerUrl, "sim-" + deviceId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(10_000);
        options.setKeepAliveInterval(30);
        MqttMessage will = new MqttMessage(("{\"at\":\"" + now() + "\",\"state\":\"OFFLINE\"}")
                .getBytes(StandardCharsets.UTF_8), 1, false, null);
        options.setWill(topic("status"), will);
        client.connect(options).waitForCompletion(10_000);
    }

    String topic(String channel) {
        return "hcc/" + center + "/" + channel + "/" + deviceId;
    }

    String nextEventId() {
        return deviceId + "-" + System.currentTimeMillis() + "-" + (++sequence);
    }

    void publish(String json) {
        publishOn(channel, json);
    }

    void heartbeat() {
        if (channel.equals("rating") && battery > 15) {
            battery -= sequence % 7 == 0 ? 1 : 0;
        }
        publishOn("status", "{\"at\":\"" + now() + "\",\"state\":\"ONLINE\",\"battery\":" + battery
                + ",\"firmware\":\"2.3.1\"}");
    }

    private void publishOn(String ch, String json) {
        if (!client.isConnected()) {
            log.debug("Simulated device {} is not connected; skipped {}", deviceId, json);
            return;
        }
        try {
            client.publish(topic(ch), json.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            log.debug("Simulated device {} could not publish: {}", deviceId, e.getMessage());
        }
    }

    void close() {
        try {
            if (client.isConnected()) {
                publishOn("status", "{\"at\":\"" + now() + "\",\"state\":\"OFFLINE\"}");
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("Simulated device {}: {}", deviceId, e.getMessage());
        }
    }

    static String now() {
        return OffsetDateTime.now(ZONE).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
