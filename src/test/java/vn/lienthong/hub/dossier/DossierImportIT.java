package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.calendar.WorkingCalendar;

/**
 * Historical import (POST /api/v1/dossiers/import, NDJSON): a bad line never stops the others, each error names
 * its line, the imported dossiers read like any other with their replayed history, and importing the same file
 * again changes nothing. Codes of agency 000.00.09.H56 with receipt dates in March 2024 (working days only).
 */
class DossierImportIT extends HubIntegrationTest {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    /** Cấp Giấy phép hoạt động đối với điểm sơ cấp cứu (Sở Y tế): 10 working days, in force since 2018. */
    static final String PROCEDURE = "2.000559";
    static final String AGENCY = "000.00.09.H56";
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    static final int LINES = 200;
    static final int BAD_JSON = 10;
    static final int ILLEGAL_EVENTS = 20;
    static final int UNKNOWN_PROCEDURE = 30;
    static final int WRONG_DATE = 40;
    static final int FIRST_OF_DUPLICATE = 45;
    static final int DUPLICATE = 50;
    static final int SUBMITTED_ONLY = 60;
    static final int WITH_DUE_DATE = 70;

    @Autowired
    ObjectMapper json;

    /** The first 20 working days from Mon 4 Mar 2024 on the shipped calendar. */
    static final List<LocalDate> DAYS = new ArrayList<>();

    static {
        WorkingCalendar calendar = WorkingCalendar.loadDefault();
        for (LocalDate d = LocalDate.of(2024, 3, 4); DAYS.size() < 20; d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                DAYS.add(d);
            }
        }
    }

    static LocalDate day(int line) {
        return DAYS.get(line % DAYS.size());
    }

    static String code(int line) {
        return AGENCY + "-" + YYMMDD.format(day(line)) + "-" + String.format("%04d", 1000 + line);
    }

    /** Received at 08:00 local plus one minute per line number: within the morning office hours. */
    static Instant receivedAt(int line) {
        return day(line).atTime(LocalTime.of(8, 0)).plusMinutes(line).atZone(VN).toInstant();
    }

    /** The line's events, by line number modulo 5. */
    static List<Map<String, Object>> events(String run, int line) {
        Instant r = receivedAt(line);
        List<Map<String, Object>> e = new ArrayList<>();
        switch (line % 5) {
            case 1 -> {
                e.add(ev(run, line, 1, "START", r.plus(Duration.ofHours(1))));
                e.add(ev(run, line, 2, "RESOLVE", r.plus(Duration.ofDays(2))));
                e.add(ev(run, line, 3, "RETURN", r.plus(Duration.ofDays(3))));
            }
            case 2 -> {
                e.add(ev(run, line, 1, "START", r.plus(Duration.ofHours(1))));
                Map<String, Object> request = ev(run, line, 2, "REQUEST_SUPPLEMENT", r.plus(Duration.ofHours(2)));
                request.put("reason", "thiếu giấy tờ");
                e.add(request);
                e.add(ev(run, line, 3, "SUPPLEMENT_RECEIVED", r.plus(Duration.ofDays(1))));
                e.add(ev(run, line, 4, "RESOLVE", r.plus(Duration.ofDays(3))));
            }
            case 3 -> {
                e.add(ev(run, line, 1, "START", r.plus(Duration.ofHours(1))));
                Map<String, Object> transfer = ev(run, line, 2, "TRANSFER", r.plus(Duration.ofHours(2)));
                transfer.put("toAgency", "000.00.62.H56");
                e.add(transfer);
            }
            case 4 -> {
                Map<String, Object> stop = ev(run, line, 1, "STOP", r.plus(Duration.ofDays(1)));
                stop.put("reason", "công dân không bổ sung");
                e.add(stop);
            }
            default -> {
                // still open, as received
            }
        }
        return e;
    }

    static Map<String, Object> ev(String run, int line, int n, String type, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "imp-" + run + "-" + line + "-" + n);
        e.put("type", type);
        e.put("at", at.toString());
        e.put("actor", "cán bộ " + line);
        return e;
    }

    Map<String, Object> valid(String run, int line) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("code", code(line));
        l.put("procedureCode", PROCEDURE);
        l.put("channel", line % 3 == 0 ? "ONLINE" : "DIRECT");
        l.put("returnMethod", "COUNTER");
        l.put("applicant", Map.of("fullName", "Phạm Văn Dũng " + line, "idNumber", "038085" + String.format("%06d", line)));
        l.put("receivedAt", receivedAt(line).toString());
        List<Map<String, Object>> events = events(run, line);
        if (!events.isEmpty()) {
            l.put("events", events);
        }
        return l;
    }

    /** 200 lines: valid dossiers with replayed events, and five bad lines at known places. */
    String file(String run) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int line = 1; line <= LINES; line++) {
            Map<String, Object> l = valid(run, line);
            switch (line) {
                case BAD_JSON -> {
                    out.append("{\"code\": \"").append(code(line)).append("\", \"procedureCode\": oops\n");
                    continue;
                }
                case ILLEGAL_EVENTS -> l.put("events", List.of(ev(run, line, 1, "RETURN",
                        receivedAt(line).plus(Duration.ofHours(1)))));
                case UNKNOWN_PROCEDURE -> l.put("procedureCode", "9.999999");
                case WRONG_DATE -> l.put("code", AGENCY + "-" + YYMMDD.format(day(line).plusDays(1)) + "-"
                        + String.format("%04d", 1000 + line));
                case DUPLICATE -> {
                    l = valid(run, FIRST_OF_DUPLICATE);
                    l.put("events", List.of());
                }
                case SUBMITTED_ONLY -> {
                    l.remove("receivedAt");
                    l.remove("events");
                    l.put("channel", "ONLINE");
                    l.put("submittedAt", receivedAt(line).toString());
                }
                case WITH_DUE_DATE -> {
                    l.remove("events");
                    l.put("dueAt", dueGiven().toString());
                }
                default -> {
                }
            }
            out.append(json.writeValueAsString(l)).append('\n');
        }
        return out.toString();
    }

    /** An appointment the old system gave, unlike the one the calendar would compute (10 working days). */
    static Instant dueGiven() {
        return day(WITH_DUE_DATE).plusDays(30).atTime(16, 15).atZone(VN).toInstant();
    }

    ResponseEntity<JsonNode> importFile(String body) {
        // NDJSON is UTF-8 (RestClient would encode a String in ISO-8859-1 for a media type without a charset)
        return onestop().post().uri("/api/v1/dossiers/import").contentType(NDJSON)
                .body(body.getBytes(StandardCharsets.UTF_8)).retrieve()
                .toEntity(JsonNode.class);
    }

    JsonNode dossier(int line) {
        ResponseEntity<JsonNode> res = onestop().get().uri("/api/v1/dossiers/{code}", code(line)).retrieve()
                .toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(code(line)).isEqualTo(200);
        return res.getBody();
    }

    static List<String> types(JsonNode d) {
        List<String> t = new ArrayList<>();
        d.path("history").forEach(h -> t.add(h.path("type").asText()));
        return t;
    }

    List<String> acceptedCodes() {
        List<String> codes = new ArrayList<>();
        for (int line = 1; line <= LINES; line++) {
            if (line != BAD_JSON && line != ILLEGAL_EVENTS && line != UNKNOWN_PROCEDURE && line != WRONG_DATE
                    && line != DUPLICATE) {
                codes.add(code(line));
            }
        }
        return codes;
    }

    /** What the store holds of these dossiers: one string per dossier and history line. */
    List<Map<String, Object>> stored(List<String> codes) {
        return jdbc.queryForList("""
                select d.code, d.status, d.version, d.updated_at, d.due_at, d.original_due_at, d.ended_at,
                       h.event_id, h.type, h.at, h.recorded_at
                from dossier d left join dossier_history h on h.dossier_id = d.id
                where d.code = any(?) order by d.code, h.id""", (Object) codes.toArray(String[]::new));
    }

    @Test
    void importsGoodLinesReportsBadOnesAndIsIdempotent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String file = file(run);
        assertThat(file.lines()).hasSize(LINES);

        ResponseEntity<JsonNode> res = importFile(file);

        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
        JsonNode result = res.getBody();
        assertThat(result.path("accepted").asLong()).as(result.toString()).isEqualTo(LINES - 5);
        assertThat(result.path("rejected").asLong()).isEqualTo(5);
        assertThat(result.path("alreadyPresent").asLong()).isZero();
        assertErrors(result.path("errors"));

        List<String> accepted = acceptedCodes();
        assertThat(jdbc.queryForObject("select count(*) from dossier where code = any(?) and imported", Long.class,
                (Object) accepted.toArray(String[]::new))).isEqualTo(LINES - 5);
        for (int bad : List.of(ILLEGAL_EVENTS, UNKNOWN_PROCEDURE)) {
            assertThat(onestop().get().uri("/api/v1/dossiers/{code}", code(bad)).retrieve().toBodilessEntity()
                    .getStatusCode().value()).isEqualTo(404);
        }
        assertThat(jdbc.queryForObject("select count(*) from dossier where code like ?", Long.class,
                AGENCY + "-" + YYMMDD.format(day(WRONG_DATE).plusDays(1)) + "-" + (1000 + WRONG_DATE))).isZero();

        assertReplayedDossiers(run);

        // the same file again: nothing new, nothing changed
        List<Map<String, Object>> before = stored(accepted);
        ResponseEntity<JsonNode> again = importFile(file);
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().path("accepted").asLong()).as(again.getBody().toString()).isZero();
        assertThat(again.getBody().path("alreadyPresent").asLong()).isEqualTo(result.path("accepted").asLong());
        assertThat(again.getBody().path("rejected").asLong()).isEqualTo(5);
        assertErrors(again.getBody().path("errors"));
        assertThat(stored(accepted)).isEqualTo(before);

    }

    void assertErrors(JsonNode errors) {
        assertThat(errors).hasSize(5);
        Map<Integer, JsonNode> byLine = new LinkedHashMap<>();
        errors.forEach(e -> byLine.put(e.path("line").asInt(), e));
        assertThat(byLine.keySet()).containsExactly(BAD_JSON, ILLEGAL_EVENTS, UNKNOWN_PROCEDURE, WRONG_DATE, DUPLICATE);

        assertThat(byLine.get(BAD_JSON).path("code").isNull()).isTrue();
        assertThat(byLine.get(BAD_JSON).path("reason").asText()).contains("not valid JSON");
        assertThat(byLine.get(ILLEGAL_EVENTS).path("code").asText()).isEqualTo(code(ILLEGAL_EVENTS));
        assertThat(byLine.get(ILLEGAL_EVENTS).path("reason").asText()).contains("RETURN is not allowed in status RECEIVED");
        assertThat(byLine.get(UNKNOWN_PROCEDURE).path("code").asText()).isEqualTo(code(UNKNOWN_PROCEDURE));
        assertThat(byLine.get(UNKNOWN_PROCEDURE).path("reason").asText()).contains("unknown procedure 9.999999");
        assertThat(byLine.get(WRONG_DATE).path("code").asText()).endsWith("-" + (1000 + WRONG_DATE));
        assertThat(byLine.get(WRONG_DATE).path("reason").asText()).contains("is not the receipt date");
        assertThat(byLine.get(DUPLICATE).path("code").asText()).isEqualTo(code(FIRST_OF_DUPLICATE));
        assertThat(byLine.get(DUPLICATE).path("reason").asText()).contains("appears twice");
    }

    void assertReplayedDossiers(String run) {
        // line 1: START, RESOLVE after two days, RETURN after three: returned, ended at the resolution, early
        JsonNode returned = dossier(1);
        assertThat(returned.path("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.path("dvcqgStatus").asInt()).isEqualTo(10);
        assertThat(types(returned)).containsExactly("RECEIVE", "START", "RESOLVE", "RETURN");
        assertThat(Instant.parse(returned.path("receivedAt").asText())).isEqualTo(receivedAt(1));
        assertThat(Instant.parse(returned.path("endedAt").asText())).isEqualTo(receivedAt(1).plus(Duration.ofDays(2)));
        assertThat(returned.path("endKind").asText()).isEqualTo("RESOLVED");
        assertThat(returned.path("timeliness").asText()).isEqualTo("EARLY");
        JsonNode h = returned.path("history");
        assertThat(h.get(0).path("eventId").asText()).isEqualTo("import:" + code(1));
        assertThat(h.get(0).path("formIssued").asText()).isEqualTo("01");
        assertThat(h.get(1).path("eventId").asText()).isEqualTo("imp-" + run + "-1-1");
        assertThat(h.get(1).path("actor").asText()).isEqualTo("cán bộ 1");
        assertThat(h.get(1).path("client").asText()).isEqualTo("import");
        assertThat(Instant.parse(h.get(3).path("at").asText())).isEqualTo(receivedAt(1).plus(Duration.ofDays(3)));
        // the computed due date: 10 working days from the receipt
        assertThat(Instant.parse(returned.path("originalDueAt").asText())).isAfter(receivedAt(1).plus(Duration.ofDays(13)));

        // line 2: a supplement pause, resolved
        JsonNode paused = dossier(2);
        assertThat(paused.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(types(paused)).containsExactly("RECEIVE", "START", "REQUEST_SUPPLEMENT", "SUPPLEMENT_RECEIVED", "RESOLVE");
        assertThat(paused.path("history").get(2).path("formIssued").asText()).isEqualTo("02");
        assertThat(paused.path("history").get(2).path("reason").asText()).isEqualTo("thiếu giấy tờ");
        assertThat(paused.path("supplementRequests").asInt()).isEqualTo(1);
        assertThat(paused.path("pauses")).hasSize(1);
        assertThat(paused.path("pausedWorkingMinutes").asLong()).isPositive();
        assertThat(paused.path("dueAt").asText()).isEqualTo(paused.path("originalDueAt").asText());

        // line 3: started and transferred, still open
        JsonNode transferred = dossier(3);
        assertThat(transferred.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(transferred.path("currentAgency").asText()).isEqualTo("000.00.62.H56");
        assertThat(transferred.path("channel").asText()).isEqualTo("ONLINE");

        // line 4: stopped
        JsonNode stopped = dossier(4);
        assertThat(stopped.path("status").asText()).isEqualTo("STOPPED");
        assertThat(stopped.path("endKind").asText()).isEqualTo("STOPPED");
        assertThat(stopped.path("history").get(1).path("formIssued").asText()).isEqualTo("05");

        // line 5: as received, no events
        JsonNode open = dossier(5);
        assertThat(open.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(types(open)).containsExactly("RECEIVE");
        assertThat(open.path("applicant").path("fullName").asText()).isEqualTo("Phạm Văn Dũng 5");

        // the first of two lines with one code was taken
        assertThat(types(dossier(FIRST_OF_DUPLICATE))).containsExactly("RECEIVE");

        // submitted online and never accepted: stays SUBMITTED, no clock
        JsonNode submitted = dossier(SUBMITTED_ONLY);
        assertThat(submitted.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.path("dvcqgStatus").asInt()).isEqualTo(1);
        assertThat(Instant.parse(submitted.path("submittedAt").asText())).isEqualTo(receivedAt(SUBMITTED_ONLY));
        assertThat(submitted.path("receivedAt").isNull()).isTrue();
        assertThat(submitted.path("dueAt").isNull()).isTrue();
        assertThat(submitted.path("originalDueAt").isNull()).isTrue();
        assertThat(types(submitted)).containsExactly("SUBMIT");
        assertThat(submitted.path("allowedEvents")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ACCEPT", "REFUSE");

        // the old system's appointment is kept as the original one
        JsonNode withDue = dossier(WITH_DUE_DATE);
        assertThat(Instant.parse(withDue.path("dueAt").asText())).isEqualTo(dueGiven());
        assertThat(Instant.parse(withDue.path("originalDueAt").asText())).isEqualTo(dueGiven());
    }

    @Test
    void aLineThatBreaksTheContractIsReportedAndTheOthersAreImported() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> good = valid(run, 0);
        good.put("code", AGENCY + "-240301-0001"); // Fri 1 Mar 2024
        good.put("receivedAt", LocalDate.of(2024, 3, 1).atTime(9, 0).atZone(VN).toInstant().toString());
        good.remove("events");
        Map<String, Object> unknownField = new LinkedHashMap<>(good);
        unknownField.put("code", AGENCY + "-240301-0002");
        unknownField.put("priority", "high");
        Map<String, Object> badApplicant = new LinkedHashMap<>(good);
        badApplicant.put("code", AGENCY + "-240301-0003");
        badApplicant.put("applicant", Map.of("fullName", "X", "idNumber", "003085000001"));
        Map<String, Object> dueBeforeReceipt = new LinkedHashMap<>(good);
        dueBeforeReceipt.put("code", AGENCY + "-240301-0004");
        dueBeforeReceipt.put("dueAt", "2024-02-28T09:00:00Z");

        String body = json.writeValueAsString(unknownField) + "\n\n" + json.writeValueAsString(good) + "\n"
                + json.writeValueAsString(badApplicant) + "\n" + json.writeValueAsString(dueBeforeReceipt);
        JsonNode result = importFile(body).getBody();

        assertThat(result.path("accepted").asLong()).as(result.toString()).isEqualTo(1);
        assertThat(result.path("rejected").asLong()).isEqualTo(3);
        List<Integer> lines = new ArrayList<>();
        result.path("errors").forEach(e -> lines.add(e.path("line").asInt()));
        assertThat(lines).containsExactly(1, 4, 5); // the blank line 2 is skipped but counted
        assertThat(result.path("errors").get(0).path("code").asText()).isEqualTo(AGENCY + "-240301-0002");
        assertThat(result.path("errors").get(1).path("reason").asText()).contains("idNumber");
        assertThat(result.path("errors").get(2).path("reason").asText()).contains("dueAt");
        assertThat(onestop().get().uri("/api/v1/dossiers/{code}", AGENCY + "-240301-0001").retrieve()
                .body(JsonNode.class).path("status").asText()).isEqualTo("RECEIVED");
    }

    /**
     * More lines than one batch holds (batches of 1,000, written two at once): the answer is the same as if they
     * had been written one after the other. A first import takes lines 1–1,200 and one more dossier; the second,
     * of 3,500 lines, finds those 1,200 present, a line reusing that other dossier's event id, two bad lines.
     */
    @Test
    void anImportOfManyBatchesCountsAndReportsEveryLine() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<LocalDate> days = new ArrayList<>();
        WorkingCalendar calendar = WorkingCalendar.loadDefault();
        for (LocalDate d = LocalDate.of(2024, 6, 3); days.size() < 20; d = d.plusDays(1)) {
            if (calendar.isWorkingDay(d)) {
                days.add(d);
            }
        }
        int n = 3500;
        int reusesEvent = 1500;
        int badJson = 2600;
        int unknownProcedure = 3400;
        List<String> lines = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int line = 1; line <= n + 1; line++) {
            LocalDate day = days.get(line % days.size());
            Instant received = day.atTime(LocalTime.of(8, 0)).plusMinutes(line % 400).atZone(VN).toInstant();
            String code = AGENCY + "-" + YYMMDD.format(day) + "-" + String.format("%04d", line);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("code", code);
            l.put("procedureCode", line == unknownProcedure ? "9.999999" : PROCEDURE);
            l.put("channel", "DIRECT");
            l.put("returnMethod", "COUNTER");
            l.put("applicant", Map.of("fullName", "Trần Thị Lưu Trữ " + line, "idNumber", "038085" + String.format("%06d", line)));
            l.put("receivedAt", received.toString());
            l.put("events", List.of(
                    Map.of("eventId", line == reusesEvent ? "many-" + run + "-" + (n + 1) + "-s" : "many-" + run + "-" + line + "-s",
                            "type", "START", "at", received.plus(Duration.ofHours(1)).toString()),
                    Map.of("eventId", "many-" + run + "-" + line + "-r", "type", "RESOLVE",
                            "at", received.plus(Duration.ofDays(2)).toString())));
            lines.add(line == badJson ? "{\"code\": \"" + code + "\", oops" : json.writeValueAsString(l));
            codes.add(code);
        }
        String other = codes.get(n); // line n + 1: only in the first import

        JsonNode first = importFile(String.join("\n", lines.subList(0, 1200)) + "\n" + lines.get(n) + "\n").getBody();
        assertThat(first.path("accepted").asLong()).as(first.toString()).isEqualTo(1201);

        ResponseEntity<JsonNode> res = importFile(String.join("\n", lines.subList(0, n)) + "\n");
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        JsonNode result = res.getBody();
        assertThat(result.path("alreadyPresent").asLong()).as(result.toString()).isEqualTo(1200);
        assertThat(result.path("accepted").asLong()).isEqualTo(n - 1200 - 3);
        assertThat(result.path("rejected").asLong()).isEqualTo(3);
        List<Integer> errorLines = new ArrayList<>();
        result.path("errors").forEach(e -> errorLines.add(e.path("line").asInt()));
        assertThat(errorLines).containsExactly(reusesEvent, badJson, unknownProcedure);
        JsonNode reused = result.path("errors").get(0);
        assertThat(reused.path("code").asText()).isEqualTo(codes.get(reusesEvent - 1));
        assertThat(reused.path("problem").asText()).isEqualTo("event-id-reused");
        assertThat(reused.path("reason").asText()).contains(other);
        assertThat(result.path("errors").get(1).path("problem").asText()).isEqualTo("malformed-json");
        assertThat(result.path("errors").get(2).path("problem").asText()).isEqualTo("unknown-procedure");

        List<String> stored = new ArrayList<>(codes.subList(0, n));
        stored.removeAll(List.of(codes.get(reusesEvent - 1), codes.get(badJson - 1), codes.get(unknownProcedure - 1)));
        String[] storedCodes = stored.toArray(String[]::new);
        assertThat(jdbc.queryForObject("select count(*) from dossier where code = any(?) and imported and status = 'RESOLVED'",
                Long.class, (Object) storedCodes)).isEqualTo(n - 3);
        assertThat(jdbc.queryForObject("select count(*) from dossier where code = any(?)", Long.class,
                (Object) new String[] {codes.get(reusesEvent - 1), codes.get(badJson - 1), codes.get(unknownProcedure - 1)})).isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from dossier_history h join dossier d on d.id = h.dossier_id where d.code = any(?)""",
                Long.class, (Object) storedCodes)).isEqualTo(3L * (n - 3));
        // the receipt-number counters are past every imported number
        assertThat(jdbc.queryForObject("""
                select count(*) from dossier d where d.code = any(?) and not exists (select 1 from dossier_sequence s
                where s.agency_code = d.agency_code and s.day = to_date('20' || split_part(d.code, '-', 2), 'YYYYMMDD')
                and s.last_value >= split_part(d.code, '-', 3)::int)""", Long.class, (Object) storedCodes)).isZero();
    }

    @Test
    void onlyWritersMayImport() {
        ResponseEntity<JsonNode> viewer = asOperator("viewer").post().uri("/api/v1/dossiers/import").contentType(NDJSON)
                .body("{}\n").retrieve().toEntity(JsonNode.class);
        assertThat(viewer.getStatusCode().value()).isEqualTo(403);
        assertThat(viewer.getBody().path("reason").asText()).isEqualTo("forbidden");
        ResponseEntity<JsonNode> tax = asClient(TAX_KEY).post().uri("/api/v1/dossiers/import").contentType(NDJSON)
                .body("{}\n").retrieve().toEntity(JsonNode.class);
        assertThat(tax.getStatusCode().value()).isEqualTo(403);
    }
}
