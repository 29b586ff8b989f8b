package vn.lienthong.hub.agency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jms.core.JmsTemplate;

import vn.lienthong.hub.HubIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inter-agency procedures end to end on the embedded infrastructure and the sandbox agencies (over real HTTP):
 * a birth registration completes by itself through police and social insurance, each agency receiving exactly
 * one delivery per step, in order; an agency outage delays but never loses or duplicates a delivery; what no
 * retry can fix sits on the partner's DLQ with its reason.
 */
class InterAgencyFlowIT extends HubIntegrationTest {

    /** Liên thông: birth registration → permanent residence (police) → health-insurance card (bhxh). */
    static final String BIRTH = "2.002621";

    @Autowired
    ObjectMapper json;
    @Autowired
    JmsTemplate jms;

    @AfterEach
    void agenciesBackToNormal() {
        for (String partner : List.of("police", "bhxh")) {
            asOperator("admin").put().uri("/sandbox/" + partner + "/behaviour").contentType(MediaType.APPLICATION_JSON)
                    .body("{}").retrieve().toBodilessEntity();
        }
    }

    @Test
    void aBirthRegistrationCompletesByItselfWithOneDeliveryPerStepInOrder() throws Exception {
        String parent = createBirthDossier("Phạm Gia Bảo");

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status(parent).equals("RESOLVED"));

        JsonNode p = dossier(parent);
        List<JsonNode> steps = steps(parent);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).path("stepPartner").asText()).isEqualTo("police");
        assertThat(steps.get(1).path("stepPartner").asText()).isEqualTo("bhxh");
        steps.forEach(s -> assertThat(s.path("status").asText()).isEqualTo("RESOLVED"));

        JsonNode police = received("police", steps.get(0).path("code").asText());
        JsonNode bhxh = received("bhxh", steps.get(1).path("code").asText());
        assertThat(police).hasSize(1);
        assertThat(bhxh).hasSize(1);
        assertThat(police.get(0).path("kind").asText()).isEqualTo("RESIDENCE_REGISTRATION");
        assertThat(bhxh.get(0).path("kind").asText()).isEqualTo("HEALTH_INSURANCE_CARD");
        // in order: the card is asked for only after the residence is registered
        assertThat(bhxh.get(0).path("receivedAt").asText()).isGreaterThan(police.get(0).path("receivedAt").asText());
        // the parent is judged against the whole statutory limit (3 working days) and ended within it
        assertThat(p.path("timeliness").asText()).isIn("EARLY", "ON_TIME");

        // the step's timeline: our delivery out, the partner's result in
        JsonNode timeline = json.readTree(onestop().get().uri("/api/v1/dossiers/{c}/messages", steps.get(0).path("code").asText())
                .retrieve().body(String.class)).path("content");
        List<String> outcomes = new ArrayList<>();
        timeline.forEach(m -> outcomes.add(m.path("direction").asText() + ":" + m.path("outcome").asText()));
        assertThat(outcomes).contains("OUT:DELIVERED", "IN:ACCEPTED");
    }

    @Test
    void anAgencyOutageDelaysDeliveriesButLosesAndDuplicatesNone() throws Exception {
        asOperator("admin").put().uri("/sandbox/police/behaviour").contentType(MediaType.APPLICATION_JSON)
                .body("{\"down\":true}").retrieve().toBodilessEntity();
        List<String> parents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            parents.add(createBirthDossier("Đỗ Minh Khang " + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> parents.stream().allMatch(p -> steps(p).size() == 1));
        // the police stays down for a minute: the deliveries wait in redelivery and nothing reaches it meanwhile
        await().during(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(5))
                .until(() -> parents.stream().allMatch(p -> received("police", steps(p).get(0).path("code").asText()).isEmpty()));
        asOperator("admin").put().uri("/sandbox/police/behaviour").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toBodilessEntity();

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
                .until(() -> parents.stream().allMatch(p -> status(p).equals("RESOLVED")));
        for (String parent : parents) {
            List<JsonNode> steps = steps(parent);
            JsonNode police = received("police", steps.get(0).path("code").asText());
            JsonNode bhxh = received("bhxh", steps.get(1).path("code").asText());
            assertThat(police).as("police deliveries for %s", parent).hasSize(1);
            assertThat(bhxh).as("bhxh deliveries for %s", parent).hasSize(1);
            assertThat(police.get(0).path("duplicate").asBoolean()).isFalse();
            assertThat(bhxh.get(0).path("receivedAt").asText()).isGreaterThan(police.get(0).path("receivedAt").asText());
        }
        // the failed attempts are on the timeline, before the one that got through
        JsonNode timeline = json.readTree(onestop().get().uri("/api/v1/dossiers/{c}/messages",
                steps(parents.get(0)).get(0).path("code").asText()).retrieve().body(String.class)).path("content");
        List<String> outcomes = new ArrayList<>();
        timeline.forEach(m -> outcomes.add(m.path("outcome").asText()));
        assertThat(outcomes).contains("FAILED", "DELIVERED");
        assertThat(outcomes.indexOf("FAILED")).isLessThan(outcomes.indexOf("DELIVERED"));
    }

    @Test
    void aDeliveryNoRetryCanFixIsParkedOnTheDlqWithItsReason() throws Exception {
        String id = "dlv-police-test-" + UUID.randomUUID();
        String delivery = """
                {"deliveryId":"%s","partner":"police","kind":"BOGUS_KIND","dossierCode":"000.00.50.H56-261122-9999",
                 "request":{"dossierCode":"000.00.50.H56-261122-9999"}}""".formatted(id);
        jms.convertAndSend("hub.outbound.police", delivery, m -> {
            m.setStringProperty("JMSXGroupID", "000.00.50.H56-261122-9999");
            return m;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> dlqMessage(id) != null);
        Map<String, Object> parked = dlqMessage(id);
        assertThat((String) parked.get("HubDeadLetterReason")).contains("PermanentDeliveryFailure");
        assertThat(jdbc.queryForObject("select status from partner_delivery where delivery_id = ?", String.class, id))
                .isEqualTo("PARKED");
    }

    private Map<String, Object> dlqMessage(String deliveryId) {
        return jms.browse("DLQ.hub.outbound.police", (session, browser) -> {
            var e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                if (deliveryId.equals(m.getStringProperty("HubDeliveryId"))) {
                    return Map.of("HubDeadLetterReason", m.getStringProperty("HubDeadLetterReason"));
                }
            }
            return null;
        });
    }

    private String createBirthDossier(String name) throws Exception {
        String body = """
                {"procedureCode":"%s","applicant":{"fullName":"%s","idNumber":"038190002222","phone":"0912000222",
                 "address":"Phường Hạc Thành, Thanh Hóa"},"channel":"DIRECT","returnMethod":"COUNTER"}""".formatted(BIRTH, name);
        JsonNode created = json.readTree(onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().body(String.class));
        assertThat(created.path("status").asText()).isEqualTo("RECEIVED");
        return created.path("code").asText();
    }

    private String status(String code) {
        return dossier(code).path("status").asText();
    }

    private JsonNode dossier(String code) {
        try {
            return json.readTree(onestop().get().uri("/api/v1/dossiers/{c}", code).retrieve().body(String.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<JsonNode> steps(String parentCode) {
        List<String> codes = jdbc.queryForList("""
                select c.code from dossier c join dossier p on p.id = c.parent_id where p.code = ? order by c.step_order""",
                String.class, parentCode);
        List<JsonNode> out = new ArrayList<>();
        for (String c : codes) {
            out.add(dossier(c));
        }
        return out;
    }

    private JsonNode received(String partner, String dossierCode) {
        try {
            return json.readTree(asOperator("viewer").get().uri("/sandbox/{p}/messages?dossier={d}", partner, dossierCode)
                    .retrieve().body(String.class)).path("content");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
