package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.calendar.WorkingCalendar;
import vn.lienthong.hub.platform.KafkaConnection;

/**
 * Every committed change of a dossier reaches Kafka {@code hub.dossier.events} exactly once, in order per dossier,
 * as CloudEvents JSON; the relay survives a stop; the deadline scanner flags an overdue dossier once. Read with a
 * plain consumer of its own (a fresh group, from the beginning of the topic), keeping only this test's dossiers.
 */
class DossierEventsIT extends HubIntegrationTest {

    static final String TOPIC = "hub.dossier.events";
    static final String RELAY_ROUTE = "dossier-outbox-relay";
    /** Cấp Giấy phép hoạt động đối với điểm sơ cấp cứu (Sở Y tế): 10 working days, in force since 2018. */
    static final String PROCEDURE = "2.000559";
    static final String AGENCY = "000.00.09.H56";
    /** Yêu cầu trợ giúp pháp lý: same day. */
    static final String SAME_DAY_PROCEDURE = "2.000829";
    /** Notices about a dossier that are not transitions (not in its history). */
    static final Set<String> NOTICES = Set.of(Outbox.TYPE_PREFIX + "due_soon", Outbox.TYPE_PREFIX + "overdue",
            Outbox.TYPE_PREFIX + "step_at_risk");

    @Autowired
    KafkaConnection kafka;
    @Autowired
    CamelContext camel;
    @Autowired
    DueScanner dueScanner;
    @Autowired
    CalendarService calendars;
    @Autowired
    ObjectMapper json;

    KafkaConsumer<String, String> consumer;
    /** Every record read so far, by key (the dossier code), in topic order. */
    final Map<String, List<Received>> byCode = new HashMap<>();

    record Received(String key, JsonNode ce, String ceIdHeader, int partition, long offset) {
    }

    @BeforeEach
    void openConsumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dossier-events-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        // every partition, from the beginning: no group rebalance to wait for
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        assertThat(partitions).isNotEmpty();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterEach
    void closeConsumer() {
        consumer.close(Duration.ofSeconds(5));
        if (camel.getRouteController().getRouteStatus(RELAY_ROUTE) != ServiceStatus.Started) {
            try {
                camel.getRouteController().startRoute(RELAY_ROUTE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Reads what Kafka has now (the consumer is only ever used from the test thread). */
    void drain() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            try {
                Header id = r.headers().lastHeader("ce_id");
                byCode.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new Received(r.key(), json.readTree(r.value()),
                        id == null ? null : new String(id.value(), StandardCharsets.UTF_8), r.partition(), r.offset()));
            } catch (Exception e) {
                throw new AssertionError("not JSON on " + TOPIC + ": " + r.value(), e);
            }
        }
    }

    List<Received> transitions(String code) {
        return byCode.getOrDefault(code, List.of()).stream()
                .filter(r -> !NOTICES.contains(r.ce().path("type").asText())).toList();
    }

    List<String> ids(List<Received> records) {
        return records.stream().map(r -> r.ce().path("id").asText()).toList();
    }

    /** Waits until every dossier has at least its history's count of transition events, then that nothing more comes. */
    void awaitTransitions(Map<String, JsonNode> historyByCode) {
        await().pollInSameThread().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            drain();
            return historyByCode.entrySet().stream()
                    .allMatch(e -> transitions(e.getKey()).size() >= e.getValue().size());
        });
        Map<String, Integer> sizes = new HashMap<>();
        historyByCode.keySet().forEach(c -> sizes.put(c, byCode.get(c).size()));
        // a second later still nothing more for these dossiers: no duplicates on the way
        await().pollInSameThread().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    drain();
                    return historyByCode.keySet().stream().allMatch(c -> byCode.get(c).size() == sizes.get(c));
                });
    }

    // ---- API helpers -----------------------------------------------------------------------------------------

    String create(String procedure, Instant receivedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("procedureCode", procedure);
        body.put("applicant", Map.of("fullName", "Trần Thị Hoa", "idNumber", "038190004321"));
        body.put("channel", "DIRECT");
        body.put("returnMethod", "COUNTER");
        if (receivedAt != null) {
            body.put("receivedAt", receivedAt.toString());
        }
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
        return res.getBody().path("code").asText();
    }

    JsonNode apply(String code, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("type", type);
        if (type.equals("TRANSFER")) {
            e.put("toAgency", "000.00.62.H56");
        }
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers/" + code + "/events")
                .contentType(MediaType.APPLICATION_JSON).body(e).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
        return res.getBody();
    }

    JsonNode history(String code) {
        ResponseEntity<JsonNode> res = onestop().get().uri("/api/v1/dossiers/{code}", code).retrieve()
                .toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        return res.getBody().path("history");
    }

    Map<String, JsonNode> histories(List<String> codes) {
        Map<String, JsonNode> h = new LinkedHashMap<>();
        codes.forEach(c -> h.put(c, history(c)));
        return h;
    }

    /** The events on the topic are the history, one for one and in the same order, as CloudEvents. */
    void assertTopicMatchesHistory(Map<String, JsonNode> historyByCode) {
        historyByCode.forEach((code, history) -> {
            List<Received> records = transitions(code);
            List<String> expected = new ArrayList<>();
            history.forEach(h -> expected.add(h.path("eventId").asText()));
            assertThat(ids(records)).as("events of %s", code).containsExactlyElementsOf(expected);
            assertThat(records.stream().map(Received::partition).distinct()).as("one partition per dossier").hasSize(1);
            for (int i = 0; i < records.size(); i++) {
                Received r = records.get(i);
                JsonNode ce = r.ce();
                JsonNode h = history.get(i);
                assertThat(r.key()).isEqualTo(code);
                assertThat(r.ceIdHeader()).isEqualTo(ce.path("id").asText());
                assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
                assertThat(ce.path("source").asText()).isEqualTo(Outbox.SOURCE);
                assertThat(ce.path("type").asText())
                        .isEqualTo(Outbox.TYPE_PREFIX + h.path("type").asText().toLowerCase(Locale.ROOT));
                assertThat(ce.path("subject").asText()).isEqualTo(code);
                assertThat(ce.path("datacontenttype").asText()).isEqualTo("application/json");
                // the same instant as stored, to the microsecond PostgreSQL keeps
                assertThat(Instant.parse(ce.path("time").asText())).isEqualTo(Instant.parse(h.path("at").asText()));
                JsonNode data = ce.path("data");
                assertThat(data.path("code").asText()).isEqualTo(code);
                assertThat(data.path("status").asText()).isEqualTo(h.path("toStatus").asText());
                assertThat(data.path("fromStatus").asText(null)).isEqualTo(h.path("fromStatus").asText(null));
                assertThat(data.path("event").asText()).isEqualTo(h.path("type").asText());
                assertThat(data.path("dvcqgStatus").asInt())
                        .isEqualTo(DossierStatus.valueOf(h.path("toStatus").asText()).dvcqgCode());
                if (i > 0) {
                    assertThat(r.offset()).isGreaterThan(records.get(i - 1).offset());
                }
            }
        });
    }

    // ---- tests -----------------------------------------------------------------------------------------------

    @Test
    void everyTransitionOfThirtyDossiersIsPublishedOnceAndInOrder() throws Exception {
        int n = 30;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(create(PROCEDURE, null));
        }
        // the dossiers move in parallel, each one's four events in sequence
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String code : codes) {
                done.add(pool.submit(() -> {
                    for (String type : List.of("START", "TRANSFER", "RESOLVE", "RETURN")) {
                        apply(code, type);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, JsonNode> historyByCode = histories(codes);
        historyByCode.values().forEach(h -> assertThat(h).hasSize(5));

        awaitTransitions(historyByCode);

        assertTopicMatchesHistory(historyByCode);
        for (String code : codes) {
            List<Received> records = transitions(code);
            assertThat(records.stream().map(r -> r.ce().path("data").path("status").asText()))
                    .containsExactly("RECEIVED", "IN_PROGRESS", "IN_PROGRESS", "RESOLVED", "RETURNED");
            assertThat(records.get(2).ce().path("data").path("currentAgency").asText()).isEqualTo("000.00.62.H56");
            assertThat(records.get(0).ce().path("data").path("form").asText()).isEqualTo("01");
        }
    }

    @Test
    void aStoppedRelayKeepsTheEventsInTheOutboxAndSendsThemOnceWhenStarted() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(create(PROCEDURE, null));
        }
        awaitTransitions(histories(codes));

        camel.getRouteController().stopRoute(RELAY_ROUTE);
        assertThat(camel.getRouteController().getRouteStatus(RELAY_ROUTE)).isEqualTo(ServiceStatus.Stopped);

        List<String> held = new ArrayList<>();
        for (String code : codes) {
            held.add(apply(code, "START").path("history").get(1).path("eventId").asText());
            held.add(apply(code, "TRANSFER").path("history").get(2).path("eventId").asText());
        }
        assertThat(jdbc.queryForObject("select count(*) from outbox where event_id = any(?) and published_at is null",
                Long.class, (Object) held.toArray(String[]::new))).isEqualTo(held.size());

        await().pollInSameThread().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    drain();
                    return codes.stream().allMatch(c -> transitions(c).size() == 1);
                });
        assertThat(jdbc.queryForObject("select count(*) from outbox where event_id = any(?) and published_at is null",
                Long.class, (Object) held.toArray(String[]::new))).isEqualTo(held.size());

        camel.getRouteController().startRoute(RELAY_ROUTE);

        Map<String, JsonNode> historyByCode = histories(codes);
        historyByCode.values().forEach(h -> assertThat(h).hasSize(3));
        awaitTransitions(historyByCode);
        assertTopicMatchesHistory(historyByCode);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from outbox where event_id = any(?) and published_at is null", Long.class,
                (Object) held.toArray(String[]::new)) == 0);
    }

    // ---- deadline scanner ------------------------------------------------------------------------------------

    List<Received> overdueNotices(String code) {
        return byCode.getOrDefault(code, List.of()).stream()
                .filter(r -> r.ce().path("type").asText().equals(Outbox.TYPE_PREFIX + "overdue")).toList();
    }

    void assertFlaggedOverdueOnce(String code, String originalDueAt) {
        dueScanner.scan();
        dueScanner.scan();
        assertThat(jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type = 'OVERDUE'",
                Long.class, code)).isEqualTo(1);

        await().pollInSameThread().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            drain();
            return !overdueNotices(code).isEmpty();
        });
        dueScanner.scan();
        await().pollInSameThread().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    drain();
                    return overdueNotices(code).size() == 1;
                });
        JsonNode ce = overdueNotices(code).get(0).ce();
        assertThat(ce.path("subject").asText()).isEqualTo(code);
        assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
        assertThat(Instant.parse(ce.path("data").path("judgedDueAt").asText())).isEqualTo(Instant.parse(originalDueAt));
        assertThat(ce.path("data").path("event").asText()).isEqualTo("OVERDUE");
        assertThat(ce.path("id").asText()).isEqualTo(code + ":OVERDUE:" + Instant.parse(originalDueAt));
    }

    @Test
    void theScannerFlagsAnOverdueDossierOnce() {
        // received Mon 2 Nov 2026 09:00 local, a same-day procedure: due that day at 17:30, long past
        Instant receivedAt = Instant.parse("2026-11-02T02:00:00Z");
        String code = create(SAME_DAY_PROCEDURE, receivedAt);
        ResponseEntity<JsonNode> res = onestop().get().uri("/api/v1/dossiers/{code}", code).retrieve()
                .toEntity(JsonNode.class);
        JsonNode d = res.getBody();
        assertThat(d.path("originalDueAt").asText()).isEqualTo("2026-11-02T10:30:00Z");
        assertThat(d.path("overdue").asBoolean()).isTrue();

        assertFlaggedOverdueOnce(code, d.path("originalDueAt").asText());
    }

    @Test
    void theScannerFlagsAnImportedOpenDossierThatIsOverdue() {
        // received Mon 3 Jun 2024 09:00 local, 10 working days, never finished: overdue since mid-June 2024
        String code = AGENCY + "-240603-9001"; // DossierImportIT keeps to March 2024
        String line = """
                {"code":"%s","procedureCode":"%s","channel":"DIRECT","returnMethod":"COUNTER",\
                "applicant":{"fullName":"Lê Văn Cường","idNumber":"038080001111"},\
                "receivedAt":"2024-06-03T02:00:00Z","events":[{"eventId":"%s","type":"START","at":"2024-06-03T03:00:00Z"}]}"""
                .formatted(code, PROCEDURE, UUID.randomUUID());
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers/import")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body((line + "\n").getBytes(StandardCharsets.UTF_8)).retrieve()
                .toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
        assertThat(res.getBody().path("accepted").asLong()).as(String.valueOf(res.getBody())).isEqualTo(1);

        JsonNode d = onestop().get().uri("/api/v1/dossiers/{code}", code).retrieve().body(JsonNode.class);
        assertThat(d.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(d.path("overdue").asBoolean()).isTrue();

        assertFlaggedOverdueOnce(code, d.path("originalDueAt").asText());
    }

    @Test
    void theScheduledRouteRunsTheScan() throws Exception {
        // received Tue 3 Nov 2026 09:00 local, a same-day procedure: due that day at 17:30, long past
        String code = create(SAME_DAY_PROCEDURE, Instant.parse("2026-11-03T02:00:00Z"));
        // one tick of the route's scheduler, as the scheduler gives it
        Route route = camel.getRoute("dossier-deadline-scan");
        Exchange tick = route.getEndpoint().createExchange();
        route.getConsumer().getProcessor().process(tick);

        assertThat(tick.getException()).isNull();
        assertThat(tick.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).as("handled by the error handler").isNull();
        assertThat(jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type = 'OVERDUE'",
                Long.class, code)).isEqualTo(1);
    }

    @Test
    void theScannerWarnsADossierDueSoonBehindMoreWarnedOnesThanAScanTakes() {
        // A was warned (DUE_SOON) and is not yet late; B falls due after it. With one dossier a scan, a scanner that
        // read "due within 14 days, not fully notified" took A every time and never reached B.
        String a = create(PROCEDURE, null);
        String b = create(PROCEDURE, null);
        Instant now = Instant.now();
        WorkingCalendar calendar = calendars.current();
        jdbc.update("update dossier set original_due_at = ?, due_soon_notified = true, overdue_notified = false where code = ?",
                Timestamp.from(calendar.addWorkingMinutes(now, 60)), a);
        jdbc.update("update dossier set original_due_at = ?, due_soon_notified = false, overdue_notified = false where code = ?",
                Timestamp.from(calendar.addWorkingMinutes(now, 120)), b);
        // every dossier (of any test) a scan could take before B, and one more
        long ahead = jdbc.queryForObject("""
                select count(*) from dossier where ended_at is null and received_at is not null and paused_at is null
                  and (not due_soon_notified or not overdue_notified) and original_due_at <= ?""", Long.class,
                Timestamp.from(calendar.addWorkingMinutes(now, 120)));
        for (long i = 0; i <= ahead && !notified(b); i++) {
            dueScanner.scanAtMost(1);
        }
        assertThat(jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type = 'DUE_SOON'",
                Long.class, b)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type in ('DUE_SOON', 'OVERDUE')",
                Long.class, a)).as("A was warned before (by the test) and is not late").isZero();
    }

    private boolean notified(String code) {
        return jdbc.queryForObject("select due_soon_notified from dossier where code = ?", Boolean.class, code);
    }
}
