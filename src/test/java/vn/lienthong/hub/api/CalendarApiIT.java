package vn.lienthong.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.calendar.CalendarService;

/**
 * The calendar API. Amendments use dates of March 2027 (no listed day, far from every other test's dates) and
 * are removed after each test, because the context and its database are shared with every other integration test.
 */
class CalendarApiIT extends HubIntegrationTest {

    /** Monday 15 March 2027, 09:00 in Vietnam. */
    private static final String MONDAY_9AM = "2027-03-15T02:00:00Z";
    private static final String WEDNESDAY = "2027-03-17";
    private static final String SATURDAY = "2027-03-20";

    @Autowired
    CalendarService calendar;

    @AfterEach
    void removeOwnDays() {
        jdbc.update("delete from calendar_day where day between '2027-03-01' and '2027-03-31'");
        calendar.refresh();
    }

    private static ResponseEntity<JsonNode> get(RestClient client, String uri, Object... vars) {
        return client.get().uri(uri, vars).retrieve().toEntity(JsonNode.class);
    }

    private static ResponseEntity<JsonNode> putDay(RestClient client, String date, Object body) {
        return client.put().uri("/api/v1/calendar/days/{d}", date).contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(JsonNode.class);
    }

    private String dueAt(String from, int value, String unit) {
        ResponseEntity<JsonNode> res = get(onestop(), "/api/v1/calendar/due-date?from={f}&value={v}&unit={u}",
                from, value, unit);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        return res.getBody().path("dueAt").asText();
    }

    @Test
    void showsAYear() {
        JsonNode body = get(asOperator("viewer"), "/api/v1/calendar?year=2026").getBody();
        assertThat(body.path("year").asInt()).isEqualTo(2026);
        assertThat(body.path("zone").asText()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(body.path("sameDayCutoff").asText()).isEqualTo("15:00");
        assertThat(body.path("officeHours").get(0).path("from").asText()).isEqualTo("07:30");
        assertThat(body.path("officeHours").get(0).path("to").asText()).isEqualTo("11:30");
        assertThat(body.path("officeHours").get(1).path("to").asText()).isEqualTo("17:30");
        JsonNode days = body.path("days");
        assertThat(days.size()).isGreaterThan(10);
        days.forEach(d -> assertThat(d.path("date").asText()).startsWith("2026-"));
        assertThat(days.get(0).path("date").asText()).isEqualTo("2026-01-01");
        assertThat(days.get(0).path("kind").asText()).isEqualTo("HOLIDAY");
        assertThat(days.get(0).path("name").asText()).isNotBlank();

        assertThat(get(onestop(), "/api/v1/calendar?year=abc").getBody().path("reason").asText())
                .isEqualTo("invalid-request");
        assertThat(get(anonymous(), "/api/v1/calendar?year=2026").getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void computesDueDates() {
        assertThat(dueAt(MONDAY_9AM, 3, "WORKING_DAY")).isEqualTo("2027-03-18T02:00:00Z");
        assertThat(dueAt("2027-03-15T09:00:00+07:00", 4, "WORKING_HOUR")).isEqualTo("2027-03-15T08:00:00Z"); // 09:00–11:30, 13:30–15:00
        // same-day, before the 15:00 cut-off: due at 17:30 the same day
        assertThat(dueAt(MONDAY_9AM, 0, "WORKING_DAY")).isEqualTo("2027-03-15T10:30:00Z");
        // 1 Jan 2026 off, Fri 2 Jan swapped: received on 31 Dec 2025 at 09:00, 1 working day → Monday 5 Jan 09:00
        assertThat(dueAt("2025-12-31T02:00:00Z", 1, "WORKING_DAY")).isEqualTo("2026-01-05T02:00:00Z");

        ResponseEntity<JsonNode> bad = get(onestop(), "/api/v1/calendar/due-date?from={f}&value=0&unit=WORKING_HOUR",
                MONDAY_9AM);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody().path("field").asText()).isEqualTo("value");
        ResponseEntity<JsonNode> noFrom = get(onestop(), "/api/v1/calendar/due-date?value=3&unit=WORKING_DAY");
        assertThat(noFrom.getBody().path("field").asText()).isEqualTo("from");
        ResponseEntity<JsonNode> badUnit = get(onestop(), "/api/v1/calendar/due-date?from={f}&value=3&unit=DAY",
                MONDAY_9AM);
        assertThat(badUnit.getBody().path("field").asText()).isEqualTo("unit");
    }

    @Test
    void aDeclaredDayOffMovesDueDatesAtOnceAndRemovingItRestoresThem() {
        String before = dueAt(MONDAY_9AM, 3, "WORKING_DAY");
        assertThat(before).isEqualTo("2027-03-18T02:00:00Z");

        ResponseEntity<JsonNode> amended = putDay(asOperator("admin"), WEDNESDAY,
                Map.of("kind", "HOLIDAY", "name", "Ngày nghỉ do tỉnh công bố (thử nghiệm)"));
        assertThat(amended.getStatusCode().value()).isEqualTo(200);
        assertThat(amended.getBody().path("date").asText()).isEqualTo(WEDNESDAY);
        assertThat(amended.getBody().path("kind").asText()).isEqualTo("HOLIDAY");

        assertThat(dueAt(MONDAY_9AM, 3, "WORKING_DAY")).isEqualTo("2027-03-19T02:00:00Z");
        assertThat(calendar.current().isWorkingDay(java.time.LocalDate.parse(WEDNESDAY))).isFalse();
        JsonNode year = get(onestop(), "/api/v1/calendar?year=2027").getBody();
        assertThat(year.path("days").findValuesAsText("date")).contains(WEDNESDAY);

        // a Saturday worked in exchange brings the Friday due date back to... Saturday morning
        assertThat(putDay(asOperator("admin"), SATURDAY, Map.of("kind", "WORKING", "name", "Làm bù (thử nghiệm)"))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(dueAt("2027-03-19T02:00:00Z", 1, "WORKING_DAY")).isEqualTo("2027-03-20T02:00:00Z");

        ResponseEntity<Void> removed = asOperator("admin").delete().uri("/api/v1/calendar/days/{d}", WEDNESDAY)
                .retrieve().toBodilessEntity();
        assertThat(removed.getStatusCode().value()).isEqualTo(204);
        assertThat(asOperator("admin").delete().uri("/api/v1/calendar/days/{d}", SATURDAY).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(dueAt(MONDAY_9AM, 3, "WORKING_DAY")).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from calendar_day where day between '2027-03-01' and "
                + "'2027-03-31'", Long.class)).isZero();
    }

    @Test
    void onlyAnAdminAmendsTheCalendar() {
        Map<String, String> body = Map.of("kind", "HOLIDAY", "name", "Thử nghiệm");
        assertThat(putDay(asOperator("viewer"), WEDNESDAY, body).getStatusCode().value()).isEqualTo(403);
        assertThat(putDay(asOperator("operator"), WEDNESDAY, body).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<JsonNode> asOnestop = putDay(onestop(), WEDNESDAY, body);
        assertThat(asOnestop.getStatusCode().value()).isEqualTo(403);
        assertThat(asOnestop.getBody().path("reason").asText()).isEqualTo("forbidden");
        assertThat(onestop().delete().uri("/api/v1/calendar/days/2026-01-01").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
        assertThat(calendar.current().isWorkingDay(java.time.LocalDate.parse(WEDNESDAY))).isTrue();
    }

    @Test
    void refusesInvalidAmendments() {
        RestClient admin = asOperator("admin");
        assertRefused(putDay(admin, WEDNESDAY, Map.of("kind", "DAY_OFF", "name", "x")), "kind");
        assertRefused(putDay(admin, WEDNESDAY, Map.of("kind", "WORKING", "name", "Wednesday is already worked")), "kind");
        assertRefused(putDay(admin, SATURDAY, Map.of("kind", "SWAP_OFF", "name", "Saturday is already off")), "kind");
        assertRefused(putDay(admin, WEDNESDAY, Map.of("kind", "HOLIDAY", "name", " ")), "name");
        assertRefused(putDay(admin, WEDNESDAY, Map.of("name", "no kind")), "kind");
        assertRefused(putDay(admin, "2027-02-30", Map.of("kind", "HOLIDAY", "name", "x")), "date");
        assertRefused(putDay(admin, "1899-03-17", Map.of("kind", "HOLIDAY", "name", "x")), "date");
        assertThat(jdbc.queryForObject("select count(*) from calendar_day where day between '2027-03-01' and "
                + "'2027-03-31'", Long.class)).isZero();

        ResponseEntity<JsonNode> unknown = admin.delete().uri("/api/v1/calendar/days/2027-03-16").retrieve()
                .toEntity(JsonNode.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody().path("reason").asText()).isEqualTo("unknown-calendar-day");
    }

    private static void assertRefused(ResponseEntity<JsonNode> res, String field) {
        assertThat(res.getStatusCode().value()).as("status of %s", res.getBody()).isEqualTo(400);
        assertThat(res.getBody().path("reason").asText()).isEqualTo("invalid-request");
        assertThat(res.getBody().path("field").asText()).as("field of %s", res.getBody()).isEqualTo(field);
    }
}
