package vn.lienthong.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * The identity check at intake: the bean and {@code POST /api/v1/identity/checks}, through the route
 * {@code police-identity-check} and the Kamelet {@code police-identity-action}, to the sandbox police over HTTP.
 * The sandbox police matches a citizen ID whose century and year digits agree with the date of birth.
 */
class IdentityCheckIT extends HubIntegrationTest {

    /** Born in 1990 (fourth digit 0: a man born in the 1900s; then 90). */
    static final String ID_1990 = "038090001234";

    @Autowired
    IdentityCheck identity;

    @AfterEach
    void resetPolice() {
        assertThat(behaviour(Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void theBeanSaysMatchOrNoMatch() {
        assertThat(identity.matches(ID_1990, "Nguyễn Văn An", LocalDate.of(1990, 5, 17))).isTrue();
        assertThat(identity.matches(ID_1990, "Nguyễn Văn An", LocalDate.of(1985, 5, 17))).isFalse();
        assertThat(identity.matches("038305000077", "Lê Thị Hoa", LocalDate.of(2005, 1, 30))).isTrue();
    }

    @Test
    void theCountersAskThroughTheApi() {
        ResponseEntity<JsonNode> match = check(onestop(), Map.of("idNumber", ID_1990, "fullName", "Nguyễn Văn An",
                "dateOfBirth", "1990-05-17"));
        assertThat(match.getStatusCode().value()).isEqualTo(200);
        assertThat(match.getBody().path("match").asBoolean()).isTrue();

        ResponseEntity<JsonNode> noMatch = check(onestop(), Map.of("idNumber", ID_1990, "fullName", "Nguyễn Văn An",
                "dateOfBirth", "2001-05-17"));
        assertThat(noMatch.getStatusCode().value()).isEqualTo(200);
        assertThat(noMatch.getBody().path("match").asBoolean()).isFalse();

        // the police received both checks
        JsonNode received = asOperator("viewer").get().uri("/sandbox/police/messages").retrieve()
                .toEntity(JsonNode.class).getBody().path("content");
        assertThat(received.findValuesAsText("kind")).contains("IDENTITY_CHECK");
    }

    @Test
    void anInvalidQuestionIsRefusedBeforeThePoliceIsAsked() {
        ResponseEntity<JsonNode> res = check(onestop(), Map.of("idNumber", "38090001234", "fullName", "Nguyễn Văn An",
                "dateOfBirth", "1990-05-17"));
        assertThat(res.getStatusCode().value()).isEqualTo(400);
        assertThat(res.getBody().path("reason").asText()).isEqualTo("invalid-request");
        assertThat(check(onestop(), Map.of("idNumber", ID_1990, "fullName", "Nguyễn Văn An"))
                .getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void onlyTheCountersMayAsk() {
        Map<String, Object> q = Map.of("idNumber", ID_1990, "fullName", "Nguyễn Văn An", "dateOfBirth", "1990-05-17");
        assertThat(check(anonymous(), q).getStatusCode().value()).isEqualTo(401);
        assertThat(check(asOperator("viewer"), q).getStatusCode().value()).isEqualTo(403);
        assertThat(check(asClient(BHXH_KEY), q).getStatusCode().value()).isEqualTo(403);
        assertThat(check(asOperator("operator"), q).getStatusCode().value()).isEqualTo(403);
        assertThat(check(asOperator("admin"), q).getStatusCode().value()).isEqualTo(403);
        assertThat(check(onestop(), q).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aPoliceThatIsDownIsUnavailableNotNoMatch() {
        assertThat(behaviour(Map.of("down", true)).getStatusCode().value()).isEqualTo(200);

        assertThatThrownBy(() -> identity.matches(ID_1990, "Nguyễn Văn An", LocalDate.of(1990, 5, 17)))
                .isInstanceOf(IdentityCheck.Unavailable.class);
        ResponseEntity<JsonNode> res = check(onestop(), Map.of("idNumber", ID_1990, "fullName", "Nguyễn Văn An",
                "dateOfBirth", "1990-05-17"));
        assertThat(res.getStatusCode().value()).isEqualTo(503);
        assertThat(res.getBody().path("reason").asText()).isEqualTo("partner-unavailable");
    }

    private static ResponseEntity<JsonNode> check(RestClient client, Map<String, Object> body) {
        return client.post().uri("/api/v1/identity/checks").contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> behaviour(Map<String, Object> change) {
        return asOperator("admin").put().uri("/sandbox/police/behaviour").contentType(MediaType.APPLICATION_JSON)
                .body(change).retrieve().toEntity(JsonNode.class);
    }
}
