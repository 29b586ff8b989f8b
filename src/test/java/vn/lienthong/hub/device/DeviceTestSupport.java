package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.HubIntegrationTest;

/** Helpers of the device tests: register devices through the API, run real MQTT clients, read reports. */
abstract class DeviceTestSupport extends HubIntegrationTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    /** A device registered for one test, with its credentials in clear. */
    record TestDevice(String deviceId, DeviceKind kind, String center, String counterId, String username,
                      String password) {
        String topic(String channel) {
            return "hcc/" + center + "/" + channel + "/" + deviceId;
        }
    }

    /** Registers a device through the API as ADMIN, with a fresh id, username and password. */
    TestDevice register(DeviceKind kind, String center) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TestDevice d = new TestDevice(kind.name().toLowerCase() + "-" + suffix, kind, center, "C-" + suffix,
                "u-" + suffix, "pw-" + UUID.randomUUID());
        ResponseEntity<JsonNode> r = asOperator("admin").post().uri("/api/v1/devices")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("deviceId", d.deviceId(), "kind", kind.name(), "center", center, "counterId",
                        d.counterId(), "username", d.username(), "password", d.password()))
                .retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as("registration: %s", r.getBody()).isEqualTo(201);
        return d;
    }

    static String rating(String eventId, String counterId, String rating) {
        return "{\"eventId\":\"" + eventId + "\",\"at\":\"" + OffsetDateTime.now(ZONE) + "\",\"counterId\":\""
                + counterId + "\",\"officerId\":\"officer.test\",\"rating\":\"" + rating + "\"}";
    }

    /** The satisfaction report of yesterday to tomorrow (local days) at one counter, as VIEWER. */
    JsonNode satisfaction(String counterId) {
        LocalDate today = LocalDate.now(ZONE);
        ResponseEntity<JsonNode> r = asOperator("viewer").get()
                .uri(u -> u.path("/api/v1/reports/satisfaction").queryParam("from", today.minusDays(1))
                        .queryParam("to", today.plusDays(1)).queryParam("counter", counterId).build())
                .retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as("report: %s", r.getBody()).isEqualTo(200);
        return r.getBody();
    }

    long storedEvents(String deviceId) {
        Long n = jdbc.queryForObject("select count(*) from device_event where device_id = ? and channel <> 'HUB'",
                Long.class, deviceId);
        return n == null ? 0 : n;
    }

    List<String> parkedReasons(String topic) {
        return jdbc.queryForList("select reason from parked_message where source = ? order by id", String.class, topic);
    }

    record Result(int exitCode, String output) {
    }

    /** mosquitto_pub with the given arguments (host and port first). */
    static Result mosquittoPub(String host, int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary("mosquitto_pub", "mosquitto-clients"), "-h", host,
                "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs a command with a timeout, stdout and stderr together in a file (never a blocked pipe). */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("device-client", ".out");
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

    /** The path of an executable on PATH: missing, fail when env CI is set, skip elsewhere. */
    static String binary(String name, String debianPackage) {
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
            Assumptions.abort(message + "; skipping this test (install it to run it)");
        }
        return found.get().toString();
    }
}
