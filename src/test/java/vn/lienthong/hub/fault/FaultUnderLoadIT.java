package vn.lienthong.hub.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite (issue 9), on the hub as its own process — no Spring context in this JVM, nothing shared with
 * the {@code HubIntegrationTest} family — driven only through its real interfaces, while one-stop-shop clients
 * stream dossiers and transitions at it the whole time:
 * <ol>
 * <li><b>Partner outage and broker restarts.</b> The national axis and the police are down for a minute; inside
 * that minute the embedded Artemis (its partner queues holding the outage's backlog) and then the embedded Kafka
 * are stopped for 5 s each and started again. Afterwards everything acknowledged is in the store, on Kafka and at
 * each partner simulator, in order per dossier.</li>
 * <li><b>kill -9.</b> The hub is killed with SIGKILL under load, started again on the same data directory (its
 * orphaned PostgreSQL shut down by the platform), and the clients go on with the requests that got no answer.
 * Every acknowledged request is in the store, every committed change reaches Kafka and every partner it should;
 * duplicates (delivery is at least once, partners dedupe by delivery id per docs/PARTNERS.md) are counted.</li>
 * </ol>
 * The numbers each step sees are printed as {@code [fault] …} lines (and kept in {@code target/fault/results.txt}).
 * One hub serves both tests, in this order, to keep the suite within its time budget: its start is the dearest part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultUnderLoadIT {

    /** Simple procedures with a national code, over several agencies (receipt numbers are per agency and day). */
    static final List<String> SIMPLE = List.of("1.004873", "1.013226", "2.001610", "1.000703", "1.002804", "1.001238",
            "1.014199", "1.009374");
    static final Duration OUTAGE = Duration.ofSeconds(60);
    static final long BROKER_DOWN_MS = 5_000;
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(300);
    static final Path RESULTS = Path.of("target", "fault", "results.txt");

    private Path dataDir;
    private HubProcess hub;
    private LoadClients load;
    private Ledger ledger;
    private int passed;

    @BeforeAll
    void startHub() throws Exception {
        Files.deleteIfExists(RESULTS);
        dataDir = Files.createTempDirectory("hub-fault");
        hub = new HubProcess(dataDir);
        Duration started;
        try {
            started = hub.start(START_TIMEOUT);
        } catch (Exception | AssertionError e) {
            dumpLog();
            throw e;
        }
        fault("hub started as pid %d on %s (data %s): healthy after %.1f s", hub.pid(), hub.baseUrl(), dataDir,
                seconds(started));
        ledger = new Ledger(hub);
        int clients = Integer.getInteger("fault.clients", 4);
        int rate = Integer.getInteger("fault.rate", 4);
        load = new LoadClients(hub.baseUrl(), "fault-" + UUID.randomUUID().toString().substring(0, 8), SIMPLE, clients, rate);
        fault("load: %d one-stop-shop clients, %d requests/s in all; 4 stories in 5 register a dossier and move it "
                + "START, RESOLVE, RETURN; 1 in 5 registers an inter-agency dossier (birth: police then bhxh; company: bhxh)",
                clients, rate);
    }

    @AfterAll
    void stopHub() throws Exception {
        if (load != null) {
            load.stop();
        }
        if (hub != null) {
            hub.close();
        }
        keepLogs();
        if (passed == 2 && !Boolean.getBoolean("fault.keep")) {
            deleteTree(dataDir);
        } else {
            fault("data directory kept: %s", dataDir);
        }
    }

    @Test
    @Order(1)
    void partnersDownForAMinuteWhileBothBrokersRestartLoseAndReorderNothing() throws Exception {
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::mqttIngestSubscribed);
        load.phase("before-outage");
        load.start();
        keepLoading(Duration.ofSeconds(3));

        load.phase("outage");
        Instant down = Instant.now();
        hub.behave("axis", "{\"down\":true}");
        hub.behave("police", "{\"down\":true}");
        fault("outage: axis and police down at %s, under load", down);
        keepLoading(Duration.ofSeconds(15));

        // Artemis: the partner queues hold the outage's backlog (and the messages in redelivery) when it stops
        JsonNode artemis = hub.restartBroker("artemis", BROKER_DOWN_MS);
        long restarted = System.nanoTime();
        fault("artemis restart: down %d ms (start %d ms); queues before %s; after %s", artemis.path("downMs").asLong(),
                artemis.path("startMs").asLong(), nonZero(artemis.path("queuesBefore")), nonZero(artemis.path("queuesAfter")));
        Recovery artemisBack = recover("artemis");
        fault("artemis recovery: health UP %.1f s after the start (not UP meanwhile: %s), a new dossier's bhxh "
                + "delivery %.1f s after", seconds(artemisBack.healthy()), artemisBack.downComponents(),
                seconds(artemisBack.delivered()));
        // the hall devices' ingest (MQTT, a Camel consumer on the same broker) subscribed again by itself
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::mqttIngestSubscribed);
        fault("artemis recovery: the MQTT device ingest subscribed again %.1f s after the start",
                (System.nanoTime() - restarted) / 1e9);
        // the partners are down, nothing leaves their queues: all that was on them came back from the journal
        for (String queue : List.of("hub.outbound.axis", "hub.outbound.police")) {
            assertThat(artemis.path("queuesAfter").path(queue).asLong()).as(queue + " after the restart")
                    .isGreaterThanOrEqualTo(artemis.path("queuesBefore").path(queue).asLong());
        }
        assertThat(artemis.path("queuesBefore").path("hub.outbound.axis").asLong()).as("a backlog to keep").isPositive();

        JsonNode kafka = hub.restartBroker("kafka", BROKER_DOWN_MS);
        Recovery kafkaBack = recover("kafka");
        fault("kafka restart: down %d ms (start %d ms)", kafka.path("downMs").asLong(), kafka.path("startMs").asLong());
        fault("kafka recovery: health UP %.1f s after the start (not UP meanwhile: %s), a new dossier's bhxh delivery "
                + "%.1f s after", seconds(kafkaBack.healthy()), kafkaBack.downComponents(), seconds(kafkaBack.delivered()));

        // the rest of the minute, under load
        keepLoading(Duration.between(Instant.now(), down.plus(OUTAGE)));
        hub.behave("axis", "{}");
        hub.behave("police", "{}");
        Instant up = Instant.now();
        fault("outage: axis and police up again after %.1f s", Duration.between(down, up).toMillis() / 1000.0);
        load.phase("after-outage");
        keepLoading(Duration.ofSeconds(2));
        load.pause();
        Ledger.Progress settled = ledger.awaitSettled(SETTLE_TIMEOUT, Duration.ofSeconds(5));
        fault("outage recovery: everything committed delivered %.1f s after the partners came back (%s)",
                Duration.between(up, Instant.now()).toMillis() / 1000.0, settled);

        verify("outage+brokers", List.of("before-outage", "outage", "after-outage"));
        fault("test 1 took %.0f s", (System.nanoTime() - t0) / 1e9);
        passed++;
    }

    @Test
    @Order(2)
    void killDashNineUnderLoadLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        load.phase("before-crash");
        load.resume();
        keepLoading(Duration.ofSeconds(5));

        long postmaster = hub.postmaster().map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("no PostgreSQL running for the hub"));
        long hubPid = hub.pid();
        load.phase("crash");
        Instant killed = Instant.now();
        hub.kill9();
        boolean orphaned = ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false);
        fault("kill -9 of hub pid %d at %s under load; its PostgreSQL (pid %d) %s", hubPid, killed, postmaster,
                orphaned ? "left running as an orphan" : "died with it");

        Duration restart;
        try {
            restart = hub.start(START_TIMEOUT);
        } catch (Exception | AssertionError e) {
            dumpLog();
            throw e;
        }
        load.phase("after-restart");
        Instant healthy = Instant.now();
        boolean orphanGone = ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true);
        long newPostmaster = hub.postmaster().map(ProcessHandle::pid).orElse(-1L);
        boolean shutDownByPlatform = log(2).contains("of a previous run still holds");
        fault("restart on the same data directory: healthy after %.1f s (%.1f s after the kill); old PostgreSQL %d %s, "
                + "new one pid %d; the platform shut the orphan down (its log says so): %s", seconds(restart),
                Duration.between(killed, healthy).toMillis() / 1000.0, postmaster, orphanGone ? "gone" : "STILL RUNNING",
                newPostmaster, shutDownByPlatform);
        assertThat(orphanGone).as("the orphaned PostgreSQL of the killed hub was shut down").isTrue();
        assertThat(newPostmaster).isPositive().isNotEqualTo(postmaster);
        if (orphaned) {
            assertThat(shutDownByPlatform).as("EmbeddedPostgresConfig.stopOrphanedPostmaster did it").isTrue();
        }

        keepLoading(Duration.ofSeconds(3));
        load.stop();
        Ledger.Progress settled = ledger.awaitSettled(SETTLE_TIMEOUT, Duration.ofSeconds(5));
        fault("crash recovery: everything committed delivered %.1f s after the restarted hub was healthy (%s)",
                Duration.between(healthy, Instant.now()).toMillis() / 1000.0, settled);

        verify("crash", List.of("before-crash", "crash", "after-restart"));
        fault("test 2 took %.0f s", (System.nanoTime() - t0) / 1e9);
        passed++;
    }

    /** Lets the clients go on for a while; the hub must refuse none of their requests meanwhile. */
    private void keepLoading(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        await().during(d).atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> load.refused.isEmpty());
    }

    // ------------------------------------------------------------------------------------------------------

    /** Everything the store, Kafka and the partners say, printed, then asserted. */
    private void verify(String step, List<String> phases) throws Exception {
        for (String phase : phases) {
            fault("%s: acknowledged in phase %s: %d dossiers, %d events", step, phase, load.acked(phase, false),
                    load.acked(phase, true));
        }
        fault("%s: requests sent %d, without an answer (sent again) %d, 5xx %d, replays %d, refused %d", step,
                load.sent.get(), load.unanswered.get(), load.serverErrors.get(), load.replays.get(), load.refused.size());
        Map<String, Object> acked = ledger.acknowledged(load.acks, load.codesByKey);
        fault("%s: store: %s", step, acked);
        assertThat(load.refused).as("requests refused (4xx)").isEmpty();
        assertThat(load.keyConflicts).as("an Idempotency-Key answered with two dossiers").isEmpty();
        assertThat((List<?>) acked.get("lostDossiers")).as("acknowledged dossiers missing from the store").isEmpty();
        assertThat((List<?>) acked.get("lostEvents")).as("acknowledged events missing from the store").isEmpty();
        assertThat((List<?>) acked.get("idempotencyMismatches")).as("Idempotency-Key → dossier in the store").isEmpty();

        // partners may still call back now and then (a step resolved → the next step, the parent): what they
        // cause is published and delivered in turn, so the counts are taken again until they agree — or time out
        List<Map<String, Object>> last = new ArrayList<>(List.of(Map.of(), Map.of()));
        try {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        Map<String, Object> kafka = ledger.kafka();
                        Map<String, Object> deliveries = ledger.deliveries();
                        last.set(0, kafka);
                        last.set(1, deliveries);
                        assertPublishedAndDelivered(kafka, deliveries);
                    });
        } finally {
            fault("%s: kafka %s: %s", step, Ledger.TOPIC, last.get(0));
            fault("%s: deliveries: %s", step, last.get(1));
        }
    }

    private static void assertPublishedAndDelivered(Map<String, Object> kafka, Map<String, Object> deliveries) {
        assertThat(kafka.get("outboxEventsNotOnKafka")).as("committed changes not on " + Ledger.TOPIC).isEqualTo(0L);
        assertThat(kafka.get("kafkaOutOfOrderPerDossier")).as("a dossier's events out of order on Kafka").isEqualTo(0L);
        assertThat(deliveries.get("outboxPending")).isEqualTo(0L);
        assertThat(deliveries.get("axisMissingSync")).as("changes the axis did not get (SyncDossier)").isEqualTo(0L);
        assertThat(deliveries.get("axisMissingProgress")).as("changes the axis did not get (UpdateProgress)").isEqualTo(0L);
        assertThat(deliveries.get("agencyMissing")).as("step dossiers their agency did not get").isEqualTo(0L);
        assertThat(deliveries.get("deliveryIdsAppliedTwice")).as("a delivery applied twice by a partner").isEqualTo(0L);
        assertThat(deliveries.get("axisOutOfOrder")).as("a dossier's changes out of order at the axis").isEqualTo(0L);
        assertThat(deliveries.get("axisStatusBehindStore")).as("the axis holding another status than the store").isEqualTo(0L);
        assertThat(deliveries.get("stepsOutOfOrder")).as("bhxh's step before the police's").isEqualTo(0L);
        assertThat(deliveries.get("parkedMessages")).as("messages parked by the hub").isEqualTo(0L);
        assertThat(deliveries.get("parkedDeliveries")).as("deliveries on a DLQ").isEqualTo(0L);
    }

    record Recovery(Duration healthy, String downComponents, Duration delivered) {
    }

    /**
     * After a broker came back: how long until health is UP again, and until a dossier registered now goes the
     * whole way (outbox relay → Kafka → inter-agency flow → relay → Kafka → dispatch → Artemis → bhxh, which is up).
     */
    private Recovery recover(String broker) throws Exception {
        long t0 = System.nanoTime();
        StringBuilder down = new StringBuilder();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (hub.healthy()) {
                return true;
            }
            String now = hub.unhealthy();
            if (!now.isEmpty() && down.indexOf(now) < 0) {
                down.append(down.length() > 0 ? "; " : "").append(now);
            }
            return false;
        });
        Duration healthy = Duration.ofNanos(System.nanoTime() - t0);
        String probe = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(this::probe, code -> code != null);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> deliveredToBhxh(probe));
        return new Recovery(healthy, down.length() == 0 ? "none" : down.toString(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Registers a company dossier (its one step goes to bhxh, which is up); null when the hub refuses it now. */
    private String probe() throws Exception {
        String body = """
                {"procedureCode":"%s","applicant":{"fullName":"Trần Thị Dò","idNumber":"038190009999","phone":"0912000999",
                 "address":"Phường Hạc Thành, Thanh Hóa"},"channel":"DIRECT","returnMethod":"COUNTER"}""".formatted(LoadClients.COMPANY);
        var r = hub.postAsOnestop("/api/v1/dossiers", body);
        return r.statusCode() == 201 ? HubProcess.JSON.readTree(r.body()).path("code").asText() : null;
    }

    /** Whether the broker has a consumer on the hub's MQTT ingest subscription (asked through Jolokia). */
    private boolean mqttIngestSubscribed() throws Exception {
        var r = hub.get("/actuator/jolokia/exec/org.apache.activemq.artemis:broker=%22localhost%22/listAllConsumersAsJSON()");
        if (r.statusCode() != 200) {
            return false;
        }
        JsonNode value = HubProcess.JSON.readTree(r.body()).path("value");
        if (!value.isTextual()) {
            return false;
        }
        for (JsonNode consumer : HubProcess.JSON.readTree(value.asText())) {
            if (consumer.path("queueName").asText().startsWith("hub-device-ingest.")) {
                return true;
            }
        }
        return false;
    }

    private boolean deliveredToBhxh(String parentCode) throws Exception {
        try (Connection c = hub.db(); PreparedStatement ps = c.prepareStatement("""
                select count(*) from sandbox_message m join dossier s on s.code = m.dossier_code
                join dossier p on p.id = s.parent_id where p.code = ? and m.partner = 'bhxh'""")) {
            ps.setString(1, parentCode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static String nonZero(JsonNode depths) {
        StringBuilder out = new StringBuilder("{");
        depths.fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                out.append(out.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue().asLong());
            }
        });
        return out.append('}').toString();
    }

    private void fault(String format, Object... args) {
        String line = "[fault] " + String.format(Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the console line is the record
        }
    }

    private String log(int start) throws IOException {
        Path file = dataDir.resolve("hub-" + start + ".log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private void dumpLog() {
        try (Stream<Path> logs = Files.list(dataDir)) {
            Optional<Path> last = logs.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .max(Comparator.comparing(Path::toString));
            if (last.isPresent()) {
                List<String> lines = Files.readAllLines(last.get(), StandardCharsets.UTF_8);
                System.out.println("----- last 150 lines of " + last.get());
                lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            System.out.println("cannot read the hub's log: " + e);
        }
    }

    /** The hub's logs go to target/fault/, whatever the outcome. */
    private void keepLogs() {
        if (dataDir == null) {
            return;
        }
        try (Stream<Path> logs = Files.list(dataDir)) {
            Path target = Files.createDirectories(Path.of("target", "fault"));
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.println("cannot keep the hub's logs: " + e);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
