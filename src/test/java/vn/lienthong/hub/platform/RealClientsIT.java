package vn.lienthong.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * The embedded brokers answer real, independent clients: mosquitto_pub (MQTT 3.1.1) to a Paho MQTT 5 subscriber
 * through Artemis's MQTT acceptor, and kcat reading the KRaft broker's metadata. The binaries come from Debian
 * packages (mosquitto-clients, kcat): missing, the test is skipped locally and fails on CI.
 */
class RealClientsIT extends HubIntegrationTest {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    MqttConnection mqtt;

    @Autowired
    KafkaConnection kafka;

    @Test
    void mosquittoPubReachesAPahoSubscriber() throws Exception {
        String mosquittoPub = binary("mosquitto_pub", "mosquitto-clients");
        // the broker admits registered devices only, each under its own topics
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String deviceId = "kiosk-" + suffix;
        String password = "pw-" + UUID.randomUUID();
        var registered = asOperator("admin").post().uri("/api/v1/devices").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(java.util.Map.of("deviceId", deviceId, "kind", "KIOSK", "center", "test", "counterId", "C-" + suffix,
                        "username", "u-" + suffix, "password", password))
                .retrieve().toBodilessEntity();
        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        String topic = "hcc/test/queue/" + deviceId;
        String payload = "{\"eventId\":\"x-" + suffix + "\",\"at\":\"2026-11-22T08:00:00+07:00\",\"type\":\"TICKET_ISSUED\","
                + "\"ticket\":\"A001\",\"serviceArea\":\"civil-status\"}";
        List<MqttMessage> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = new MqttClient(mqtt.url(), "test-sub-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            subscriber.setCallback(new Collector(topic, received));
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(mqtt.username());
            options.setPassword(mqtt.password().getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setConnectionTimeout(10);
            subscriber.connect(options);
            subscriber.subscribe(topic, 1).waitForCompletion(10_000);

            Result pub = run(List.of(mosquittoPub, "-h", "127.0.0.1", "-p", String.valueOf(mqtt.port()), "-q", "1",
                    "-u", "u-" + suffix, "-P", password, "-t", topic, "-m", payload, "-i", "test-pub-" + suffix));
            assertThat(pub.exitCode()).as("mosquitto_pub exit code; output:%n%s", pub.output()).isZero();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(received).hasSize(1));
            assertThat(new String(received.get(0).getPayload(), StandardCharsets.UTF_8)).isEqualTo(payload);
        } finally {
            if (subscriber.isConnected()) {
                subscriber.disconnect(5_000);
            }
            subscriber.close();
        }
    }

    @Test
    void kcatListsTheBrokerAndTheDossierTopic() throws Exception {
        String kcat = binary("kcat", "kcat");
        Result list = run(List.of(kcat, "-L", "-b", kafka.bootstrapServers(), "-m", "15"));
        assertThat(list.exitCode()).as("kcat exit code; output:%n%s", list.output()).isZero();
        assertThat(list.output()).contains(" 1 brokers:").contains("broker 1 at " + kafka.bootstrapServers())
                .contains("topic \"hub.dossier.events\"");
    }

    /** Collects the messages of one topic. */
    private record Collector(String topic, List<MqttMessage> received) implements MqttCallback {
        @Override
        public void messageArrived(String t, MqttMessage message) {
            if (topic.equals(t)) {
                received.add(message);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command with a timeout, its stdout and stderr together in a file (never a blocked pipe). */
    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("real-client", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("%s did not finish within %s; output:%n%s", command, PROCESS_TIMEOUT, Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The path of an executable on PATH: missing, fail on CI (.ci/run must install it), skip elsewhere. */
    private static String binary(String name, String debianPackage) {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = name + " is not installed (Debian package " + debianPackage + ")";
            if (System.getenv("CI") != null) {
                fail(message + ": .ci/run must install it (apt-get install -y " + debianPackage + ")");
            }
            Assumptions.abort(message + "; skipping this real-client test (install it to run it)");
        }
        return found.get().toString();
    }
}
