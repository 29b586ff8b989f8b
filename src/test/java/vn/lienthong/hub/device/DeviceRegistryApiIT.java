package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.platform.MqttConnection;

/** The device registry API: who may do what, validation and conflicts as problems, credentials rotated and revoked. */
class DeviceRegistryApiIT extends DeviceTestSupport {

    @Autowired
    MqttConnection mqtt;

    @Autowired
    Environment env;

    private ResponseEntity<JsonNode> post(RestClient client, Map<String, Object> body) {
        return client.post().uri("/api/v1/devices").contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(JsonNode.class);
    }

    private static Map<String, Object> body(String id, String kind, String username, String password) {
        Map<String, Object> b = new HashMap<>();
        b.put("deviceId", id);
        b.put("kind", kind);
        b.put("center", "hcc-api");
        b.put("counterId", "Q07");
        b.put("username", username);
        b.put("password", password);
        return b;
    }

    @Test
    void adminRegistersOperatorsSeeNobodyElseDoesAndPasswordsAreNeverShown() {
        String id = "kiosk-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = body(id, "KIOSK", "user-" + id, "a-long-enough-password");

        assertThat(post(asOperator("viewer"), body).getStatusCode().value()).isEqualTo(403);
        assertThat(post(asOperator("operator"), body).getStatusCode().value()).isEqualTo(403);
        assertThat(post(onestop(), body).getStatusCode().value()).isEqualTo(403);
        assertThat(post(anonymous(), body).getStatusCode().value()).isEqualTo(401);

        ResponseEntity<JsonNode> created = post(asOperator("admin"), body);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/devices/" + id);
        assertThat(created.getBody().path("kind").asText()).isEqualTo("KIOSK");
        assertThat(created.getBody().path("topics").toString())
                .isEqualTo("[\"hcc/hcc-api/queue/" + id + "\",\"hcc/hcc-api/status/" + id + "\"]");
        assertThat(created.getBody().path("online").asBoolean()).isFalse();
        assertThat(created.getBody().path("registeredBy").asText()).isEqualTo("admin");
        assertThat(created.getBody().toString()).doesNotContain("password").doesNotContain("a-long-enough-password");
        assertThat(jdbc.queryForObject("select password_hash from device where device_id = ?", String.class, id))
                .startsWith("$2");

        JsonNode list = asOperator("viewer").get().uri("/api/v1/devices?center=hcc-api&kind=KIOSK").retrieve()
                .body(JsonNode.class);
        assertThat(list.path("content").findValuesAsText("deviceId")).contains(id);
        assertThat(list.toString()).doesNotContain("a-long-enough-password");
        assertThat(asOperator("viewer").get().uri("/api/v1/devices/{id}", id).retrieve().toEntity(JsonNode.class)
                .getStatusCode().value()).isEqualTo(200);
        ResponseEntity<JsonNode> unknown = asOperator("viewer").get().uri("/api/v1/devices/nope-" + id).retrieve()
                .toEntity(JsonNode.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody().path("reason").asText()).isEqualTo("unknown-device");
    }

    @Test
    void invalidRegistrationsAreProblemsNamingTheField() {
        String id = "pad-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> cases = Map.of(
                "kind", "PRINTER",
                "deviceId", "pad/with/slashes",
                "password", "short",
                "username", "",
                "center", "hcc.dot");
        cases.forEach((field, value) -> {
            Map<String, Object> b = body(id, "RATING", "user-" + id, "a-long-enough-password");
            b.put(field, value);
            ResponseEntity<JsonNode> r = post(asOperator("admin"), b);
            assertThat(r.getStatusCode().value()).as(field).isEqualTo(400);
            assertThat(r.getBody().path("reason").asText()).isEqualTo("invalid-request");
            assertThat(r.getBody().path("field").asText()).isEqualTo(field);
        });
        ResponseEntity<JsonNode> broken = asOperator("admin").post().uri("/api/v1/devices")
                .contentType(MediaType.APPLICATION_JSON).body("{not json").retrieve().toEntity(JsonNode.class);
        assertThat(broken.getStatusCode().value()).isEqualTo(400);
        assertThat(broken.getBody().path("reason").asText()).isEqualTo("malformed-json");
    }

    @Test
    void conflictsAre409() {
        String id = "pad-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post(asOperator("admin"), body(id, "RATING", "user-" + id, "a-long-enough-password"))
                .getStatusCode().value()).isEqualTo(201);

        ResponseEntity<JsonNode> again = post(asOperator("admin"), body(id, "RATING", "other-" + id, "a-long-enough-password"));
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().path("reason").asText()).isEqualTo("device-exists");

        ResponseEntity<JsonNode> taken = post(asOperator("admin"), body("x" + id, "RATING", "user-" + id, "a-long-enough-password"));
        assertThat(taken.getStatusCode().value()).isEqualTo(409);
        assertThat(taken.getBody().path("reason").asText()).isEqualTo("username-taken");

        ResponseEntity<JsonNode> reserved = post(asOperator("admin"),
                body("y" + id, "RATING", env.getProperty("spring.artemis.user"), "a-long-enough-password"));
        assertThat(reserved.getStatusCode().value()).isEqualTo(409);
        assertThat(reserved.getBody().path("reason").asText()).isEqualTo("username-taken");
    }

    @Test
    void reRegisteringRotatesTheCredentialsAndRemovingRevokesThem() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, "hcc-api");
        Result before = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q", "1",
                "-t", pad.topic("rating"), "-m", rating("before-" + UUID.randomUUID(), pad.counterId(), "SATISFIED"));
        assertThat(before.exitCode()).as(before.output()).isZero();

        String newPassword = "rotated-" + UUID.randomUUID();
        ResponseEntity<JsonNode> put = asOperator("admin").put().uri("/api/v1/devices/{id}", pad.deviceId())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("kind", "RATING", "center", pad.center(), "counterId", pad.counterId(),
                        "username", pad.username(), "password", newPassword))
                .retrieve().toEntity(JsonNode.class);
        assertThat(put.getStatusCode().value()).isEqualTo(200);

        Result oldPassword = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", pad.password(), "-q",
                "1", "-t", pad.topic("rating"), "-m", rating("old-" + UUID.randomUUID(), pad.counterId(), "SATISFIED"));
        assertThat(oldPassword.exitCode()).as("old password: %s", oldPassword.output()).isNotZero();
        Result rotated = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", newPassword, "-q", "1",
                "-t", pad.topic("rating"), "-m", rating("new-" + UUID.randomUUID(), pad.counterId(), "SATISFIED"));
        assertThat(rotated.exitCode()).as("new password: %s", rotated.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 2);

        assertThat(asOperator("admin").delete().uri("/api/v1/devices/{id}", pad.deviceId()).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        Result removed = mosquittoPub("127.0.0.1", mqtt.port(), "-u", pad.username(), "-P", newPassword, "-q", "1",
                "-t", pad.topic("rating"), "-m", rating("gone-" + UUID.randomUUID(), pad.counterId(), "SATISFIED"));
        assertThat(removed.exitCode()).as("removed device: %s", removed.output()).isNotZero();
        assertThat(asOperator("admin").delete().uri("/api/v1/devices/{id}", pad.deviceId()).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    }
}
