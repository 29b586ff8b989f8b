package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.platform.MqttConnection;

/**
 * The queue and satisfaction reports over a day of known traffic (10 March 2025, service areas of this test only),
 * sent over MQTT by a kiosk, a counter and a rating pad.
 */
class DeviceReportsIT extends DeviceTestSupport {

    private static final String DAY = "2025-03-10";

    @Autowired
    MqttConnection mqtt;

    private final String land = "LAND-" + UUID.randomUUID().toString().substring(0, 6);
    private final String civil = "CIVIL-" + UUID.randomUUID().toString().substring(0, 6);

    private static String at(String time) {
        return DAY + "T" + time + ":00+07:00";
    }

    private static String queue(String type, String ticket, String area, String time) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"at\":\"" + at(time) + "\",\"type\":\"" + type
                + "\",\"ticket\":\"" + ticket + "\",\"serviceArea\":\"" + area + "\",\"counterId\":\"Q01\"}";
    }

    private void publish(TestDevice d, String channel, List<String> messages) throws Exception {
        MqttClient client = new MqttClient(mqtt.url(), "it-report-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(d.username());
        options.setPassword(d.password().getBytes(StandardCharsets.UTF_8));
        client.connect(options);
        try {
            for (String m : messages) {
                client.publish(d.topic(channel), m.getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void queueReportCountsTicketsAndWaitingMinutesPerServiceArea() throws Exception {
        TestDevice kiosk = register(DeviceKind.KIOSK, "hcc-report");
        TestDevice counter = register(DeviceKind.COUNTER, "hcc-report");
        publish(kiosk, "queue", List.of(
                queue("TICKET_ISSUED", "A001", land, "08:00"), queue("TICKET_ISSUED", "A002", land, "08:05"),
                queue("TICKET_ISSUED", "A003", land, "08:10"), queue("TICKET_ISSUED", "A004", land, "08:15"),
                queue("TICKET_ISSUED", "A005", land, "08:20"), queue("TICKET_ISSUED", "B001", civil, "09:00")));
        publish(counter, "queue", List.of(
                queue("CALLED", "A001", land, "08:10"), queue("SERVED", "A001", land, "08:20"),
                queue("CALLED", "A002", land, "08:25"), queue("CALLED", "A002", land, "08:27"),
                queue("NO_SHOW", "A002", land, "08:30"),
                queue("CALLED", "A003", land, "08:40"), queue("SERVED", "A003", land, "08:50"),
                queue("CALLED", "A004", land, "08:55"), queue("SERVED", "A004", land, "09:05"),
                queue("CALLED", "B001", civil, "09:07"), queue("SERVED", "B001", civil, "09:15")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> storedEvents(kiosk.deviceId()) == 6 && storedEvents(counter.deviceId()) == 11);

        JsonNode landOnly = report("/api/v1/reports/queue?from=" + DAY + "&to=" + DAY + "&serviceArea=" + land);
        JsonNode l = landOnly.path("total");
        assertThat(l.path("tickets").asLong()).isEqualTo(5);
        assertThat(l.path("called").asLong()).isEqualTo(4);
        assertThat(l.path("served").asLong()).isEqualTo(3);
        assertThat(l.path("noShows").asLong()).isEqualTo(1);
        // waits 10, 20 (first call counts), 30, 40 minutes; A005 never called
        assertThat(l.path("waitingMinutes").path("tickets").asLong()).isEqualTo(4);
        assertThat(l.path("waitingMinutes").path("average").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(l.path("waitingMinutes").path("median").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(l.path("waitingMinutes").path("p90").decimalValue()).isEqualByComparingTo("37.00");
        assertThat(landOnly.path("serviceAreas")).hasSize(1);

        JsonNode all = report("/api/v1/reports/queue?from=" + DAY + "&to=" + DAY);
        JsonNode t = all.path("total");
        assertThat(t.path("tickets").asLong()).isEqualTo(6);
        assertThat(t.path("served").asLong()).isEqualTo(4);
        // waits 7, 10, 20, 30, 40: average 21.40, median 20, p90 36
        assertThat(t.path("waitingMinutes").path("average").decimalValue()).isEqualByComparingTo("21.40");
        assertThat(t.path("waitingMinutes").path("median").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(t.path("waitingMinutes").path("p90").decimalValue()).isEqualByComparingTo("36.00");
        assertThat(all.path("serviceAreas").findValuesAsText("serviceArea")).containsExactlyInAnyOrder(civil, land);

        JsonNode none = report("/api/v1/reports/queue?from=2025-03-11&to=2025-03-11&serviceArea=" + land);
        assertThat(none.path("total").path("tickets").asLong()).isZero();
        assertThat(none.path("total").path("waitingMinutes").path("average").isNull()).isTrue();
    }

    @Test
    void satisfactionCanBeNarrowedToAnOfficer() throws Exception {
        TestDevice pad = register(DeviceKind.RATING, "hcc-report");
        String lan = "officer-" + UUID.randomUUID();
        String minh = "officer-" + UUID.randomUUID();
        String[][] votes = {{lan, "VERY_SATISFIED"}, {lan, "SATISFIED"}, {lan, "UNSATISFIED"}, {minh, "VERY_SATISFIED"}};
        List<String> messages = java.util.Arrays.stream(votes).map(v -> "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"at\":\"" + at("10:00") + "\",\"counterId\":\"" + pad.counterId() + "\",\"officerId\":\"" + v[0]
                + "\",\"rating\":\"" + v[1] + "\"}").toList();
        publish(pad, "rating", messages);
        await().atMost(Duration.ofSeconds(20)).until(() -> storedEvents(pad.deviceId()) == 4);

        JsonNode r = report("/api/v1/reports/satisfaction?from=" + DAY + "&to=" + DAY + "&officer=" + lan);
        assertThat(r.path("total").asLong()).isEqualTo(3);
        assertThat(r.path("verySatisfied").path("rate").decimalValue()).isEqualByComparingTo("33.33");
        assertThat(r.path("unsatisfied").path("rate").decimalValue()).isEqualByComparingTo("33.33");
        JsonNode counter = report("/api/v1/reports/satisfaction?from=" + DAY + "&to=" + DAY + "&counter=" + pad.counterId());
        assertThat(counter.path("total").asLong()).isEqualTo(4);
        assertThat(counter.path("verySatisfied").path("rate").decimalValue()).isEqualByComparingTo("50.00");
    }

    @Test
    void badPeriodsAreProblemsNamingTheParameter() {
        ResponseEntity<JsonNode> missing = asOperator("viewer").get().uri("/api/v1/reports/satisfaction?to=2025-01-01")
                .retrieve().toEntity(JsonNode.class);
        assertThat(missing.getStatusCode().value()).isEqualTo(400);
        assertThat(missing.getBody().path("field").asText()).isEqualTo("from");
        ResponseEntity<JsonNode> reversed = asOperator("viewer").get()
                .uri("/api/v1/reports/queue?from=2025-02-01&to=2025-01-01").retrieve().toEntity(JsonNode.class);
        assertThat(reversed.getStatusCode().value()).isEqualTo(400);
        assertThat(reversed.getBody().path("reason").asText()).isEqualTo("invalid-request");
        assertThat(reversed.getBody().path("field").asText()).isEqualTo("to");
    }

    private JsonNode report(String uri) {
        ResponseEntity<JsonNode> r = onestop().get().uri(uri).retrieve().toEntity(JsonNode.class);
        assertThat(r.getStatusCode().value()).as("%s: %s", uri, r.getBody()).isEqualTo(200);
        return r.getBody();
    }
}
