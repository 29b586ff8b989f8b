package vn.lienthong.hub.fault;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the hub's own store, its Kafka topic and the sandbox partners say, read from outside the hub (JDBC on its
 * database, a Kafka consumer on its broker): which changes were committed, which were published, which deliveries
 * each partner simulator received (by delivery id, so by event id), in which order, and how many twice.
 *
 * <p>Expected deliveries follow docs/PARTNERS.md: the national axis gets one DOSSIER_SYNC ({@code dlv-axis-<event
 * id>}, a SyncDossier then an UpdateProgress) for every state change of every dossier that is not an inter-agency
 * step; the step's agency gets one delivery ({@code dlv-<partner>-<event id>}) for the RECEIVE of each step dossier.
 */
final class Ledger {

    static final String TOPIC = "hub.dossier.events";
    /** The events the axis planner sends (AxisPlanner.STATE_CHANGES): intake and every lifecycle event. */
    static final String STATE_CHANGES = "'RECEIVE','SUBMIT','ACCEPT','REFUSE','START','TRANSFER','REQUEST_SUPPLEMENT',"
            + "'SUPPLEMENT_RECEIVED','REQUEST_PAYMENT','PAYMENT_RECEIVED','EXTEND','RESOLVE','RETURN','REQUEST_WITHDRAWAL','STOP'";

    private static final String AXIS_EXPECTED = """
            select o.id, o.event_id, o.dossier_code, 'axis' as partner, 'dlv-axis-' || o.event_id as delivery_id
            from outbox o join dossier d on d.code = o.dossier_code
            where d.parent_id is null and o.type in (%s)""".formatted(STATE_CHANGES);
    private static final String AGENCY_EXPECTED = """
            select o.id, o.event_id, o.dossier_code, d.step_partner as partner,
                   'dlv-' || d.step_partner || '-' || o.event_id as delivery_id
            from outbox o join dossier d on d.code = o.dossier_code
            where d.parent_id is not null and o.type = 'RECEIVE'""";

    private final HubProcess hub;

    Ledger(HubProcess hub) {
        this.hub = hub;
    }

    /** Counts that say whether everything committed got everywhere it should. */
    record Progress(long outbox, long pending, long maxOutboxId, long axisExpected, long axisMissing,
            long progressMissing, long agencyExpected, long agencyMissing) {
        boolean delivered() {
            return pending == 0 && axisMissing == 0 && progressMissing == 0 && agencyMissing == 0;
        }
    }

    Progress progress() throws SQLException {
        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            long[] outbox = longs(st, "select count(*), count(*) filter (where published_at is null), coalesce(max(id), 0) from outbox");
            long axisExpected = one(st, "select count(*) from (" + AXIS_EXPECTED + ") e");
            long axisMissing = one(st, missing(AXIS_EXPECTED, "SyncDossier"));
            long progressMissing = one(st, missing(AXIS_EXPECTED, "UpdateProgress"));
            long agencyExpected = one(st, "select count(*) from (" + AGENCY_EXPECTED + ") e");
            long agencyMissing = one(st, missing(AGENCY_EXPECTED, null));
            return new Progress(outbox[0], outbox[1], outbox[2], axisExpected, axisMissing, progressMissing,
                    agencyExpected, agencyMissing);
        }
    }

    /**
     * Waits until everything committed has been published and delivered, and stayed so — nothing new committed —
     * for {@code quiet} (the inter-agency flow goes on by itself for a while after the load stops).
     */
    Progress awaitSettled(Duration timeout, Duration quiet) {
        Settling settling = new Settling(quiet);
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(settling::settled);
        } catch (ConditionTimeoutException e) {
            List<String> missing;
            try {
                missing = missingSample();
            } catch (SQLException s) {
                missing = List.of("(cannot tell: " + s.getMessage() + ")");
            }
            throw new AssertionError("not delivered after " + timeout.toSeconds() + " s: " + settling.last
                    + "; missing: " + missing, e);
        }
        return settling.last;
    }

    /** The state of a wait for everything to be delivered, shown every 10 s. */
    private final class Settling {
        private final long started = System.nanoTime();
        private final Duration quiet;
        private long lastMax = -1;
        private long quietSince = System.nanoTime();
        private long shown;
        private Progress last;

        Settling(Duration quiet) {
            this.quiet = quiet;
        }

        boolean settled() throws SQLException {
            last = progress();
            long now = System.nanoTime();
            // quiet: everything delivered, and nothing new committed since (a partner calls back about a second
            // after a delivery, and its answer moves the dossiers on)
            if (last.maxOutboxId() != lastMax || !last.delivered()) {
                lastMax = last.maxOutboxId();
                quietSince = now;
            }
            if (now - shown > Duration.ofSeconds(10).toNanos()) {
                shown = now;
                System.out.printf("settling, %.0f s: %s%n", (now - started) / 1e9, last);
            }
            return last.delivered() && now - quietSince >= quiet.toNanos();
        }
    }

    /** A few of the deliveries still missing, for the failure message. */
    List<String> missingSample() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            for (String q : List.of(missingRows(AXIS_EXPECTED, "SyncDossier"), missingRows(AGENCY_EXPECTED, null))) {
                try (ResultSet rs = st.executeQuery(q + " limit 10")) {
                    while (rs.next()) {
                        out.add(rs.getString("delivery_id") + " (" + rs.getString("dossier_code") + ", outbox " + rs.getLong("id") + ")");
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    select delivery_id, status, attempts, last_error from partner_delivery where status <> 'DELIVERED'
                    order by created_at limit 10""")) {
                while (rs.next()) {
                    out.add("partner_delivery " + rs.getString(1) + " " + rs.getString(2) + " attempts " + rs.getInt(3)
                            + " " + rs.getString(4));
                }
            }
        }
        return out;
    }

    private static String missing(String expected, String kind) {
        return "select count(*) from (" + missingRows(expected, kind) + ") x";
    }

    private static String missingRows(String expected, String kind) {
        return "select e.* from (" + expected + ") e where not exists (select 1 from sandbox_message m where "
                + "m.partner = e.partner and m.delivery_id = e.delivery_id and not m.duplicate"
                + (kind == null ? "" : " and m.kind = '" + kind + "'") + ")";
    }

    // ------------------------------------------------------------------------------------------- the checks

    /** Acknowledged dossiers and events missing from the store; idempotency keys giving another dossier. */
    Map<String, Object> acknowledged(Collection<LoadClients.Ack> acks, Map<String, String> codesByKey) throws SQLException {
        Set<String> codes = new HashSet<>();
        Set<String> events = new HashSet<>();
        for (LoadClients.Ack a : acks) {
            if (a.eventId() == null) {
                codes.add(a.code());
            } else {
                events.add(a.eventId());
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        try (Connection c = hub.db()) {
            Set<String> storedCodes = strings(c, "select code from dossier where code = any(?)", codes);
            Set<String> storedEvents = strings(c, "select event_id from dossier_history where event_id = any(?)", events);
            List<String> lostCodes = codes.stream().filter(x -> !storedCodes.contains(x)).sorted().toList();
            List<String> lostEvents = events.stream().filter(x -> !storedEvents.contains(x)).sorted().toList();
            Map<String, String> keys = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select key, dossier_code from idempotency_key where key = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", codesByKey.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            List<String> keyMismatch = codesByKey.entrySet().stream()
                    .filter(e -> !e.getValue().equals(keys.get(e.getKey()))).map(e -> e.getKey() + "→" + e.getValue()).toList();
            r.put("ackedDossiers", codes.size());
            r.put("ackedEvents", events.size());
            r.put("lostDossiers", lostCodes);
            r.put("lostEvents", lostEvents);
            r.put("idempotencyMismatches", keyMismatch);
        }
        return r;
    }

    /** Everything about deliveries at the partners and in the hub: expected, received, duplicates, order. */
    Map<String, Object> deliveries() throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            r.put("outboxRows", one(st, "select count(*) from outbox"));
            r.put("outboxPending", one(st, "select count(*) from outbox where published_at is null"));
            r.put("axisExpected", one(st, "select count(*) from (" + AXIS_EXPECTED + ") e"));
            r.put("axisMissingSync", one(st, missing(AXIS_EXPECTED, "SyncDossier")));
            r.put("axisMissingProgress", one(st, missing(AXIS_EXPECTED, "UpdateProgress")));
            r.put("agencyExpected", one(st, "select count(*) from (" + AGENCY_EXPECTED + ") e"));
            r.put("agencyMissing", one(st, missing(AGENCY_EXPECTED, null)));
            Map<String, Long> received = new LinkedHashMap<>();
            Map<String, Long> duplicates = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("""
                    select partner, count(*) filter (where not duplicate), count(*) filter (where duplicate)
                    from sandbox_message where delivery_id is not null group by partner order by partner""")) {
                while (rs.next()) {
                    received.put(rs.getString(1), rs.getLong(2));
                    duplicates.put(rs.getString(1), rs.getLong(3));
                }
            }
            r.put("receivedByPartner", received);
            r.put("duplicatesByPartner", duplicates);
            // a duplicate is acknowledged by the partner and not applied again: never two originals of one delivery id
            r.put("deliveryIdsAppliedTwice", one(st, """
                    select count(*) from (select partner, kind, delivery_id from sandbox_message
                    where delivery_id is not null and not duplicate group by 1, 2, 3 having count(*) > 1) x"""));
            // order per dossier at the axis: the sync messages it applied follow the store's order of the changes
            r.put("axisOutOfOrder", one(st, """
                    select count(*) from (
                      select o.id, lag(o.id) over (partition by m.dossier_code order by m.id) as previous
                      from sandbox_message m join outbox o on m.delivery_id = 'dlv-axis-' || o.event_id
                      where m.partner = 'axis' and m.kind = 'SyncDossier' and not m.duplicate) x
                    where previous > id"""));
            r.put("axisStatusBehindStore", one(st, """
                    select count(*) from dossier d join lateral (
                      select m.status from sandbox_message m where m.partner = 'axis' and m.dossier_code = d.code
                        and m.kind = 'SyncDossier' and not m.duplicate order by m.id desc limit 1) last on true
                    where d.parent_id is null and last.status is distinct from (case d.status
                      when 'SUBMITTED' then 1 when 'RECEIVED' then 2 when 'REFUSED' then 3 when 'IN_PROGRESS' then 4
                      when 'SUPPLEMENT_REQUESTED' then 5 when 'AWAITING_PAYMENT' then 6 when 'WITHDRAWAL_REQUESTED' then 7
                      when 'STOPPED' then 8 when 'RESOLVED' then 9 when 'RETURNED' then 10 end)"""));
            // order across an inter-agency dossier's steps: the police got step 1 before bhxh got step 2
            r.put("stepsOutOfOrder", one(st, """
                    select count(*) from dossier s1 join dossier s2 on s2.parent_id = s1.parent_id and s2.step_order = s1.step_order + 1
                    join sandbox_message m1 on m1.dossier_code = s1.code and m1.partner = s1.step_partner and not m1.duplicate
                    join sandbox_message m2 on m2.dossier_code = s2.code and m2.partner = s2.step_partner and not m2.duplicate
                    where m2.id < m1.id"""));
            Map<String, Long> hubSide = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("select status, count(*) from partner_delivery group by status order by status")) {
                while (rs.next()) {
                    hubSide.put(rs.getString(1), rs.getLong(2));
                }
            }
            r.put("hubDeliveries", hubSide);
            r.put("hubSkippedAsAlreadyDelivered", one(st, "select count(*) from message_log where outcome = 'SKIPPED_DUPLICATE'"));
            r.put("parkedMessages", one(st, "select count(*) from parked_message"));
            r.put("parkedDeliveries", one(st, "select count(*) from partner_delivery where status = 'PARKED'"));
        }
        return r;
    }

    /**
     * Reads the whole topic: every committed outbox event must be on it; per dossier (record key) the events come
     * in the store's order; an event id published twice (the relay re-sends a batch Kafka took but the store did
     * not mark) is counted.
     */
    Map<String, Object> kafka() throws SQLException {
        Map<String, Long> outboxIds = new HashMap<>();
        try (Connection c = hub.db(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id, event_id from outbox")) {
            while (rs.next()) {
                outboxIds.put(rs.getString(2), rs.getLong(1));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        long records = 0;
        long outOfOrder = 0;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hub.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-suite-reader");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(TOPIC, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<String, Long> lastIdByKey = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + TOPIC + " to its end in 60 s");
                }
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    Header h = rec.headers().lastHeader("ce_id");
                    String id = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                    int n = seen.merge(String.valueOf(id), 1, Integer::sum);
                    Long outboxId = outboxIds.get(id);
                    if (n == 1 && outboxId != null) {
                        Long last = lastIdByKey.put(rec.key(), outboxId);
                        if (last != null && last > outboxId) {
                            outOfOrder++;
                        }
                    }
                }
            }
        }
        long missing = outboxIds.keySet().stream().filter(id -> !seen.containsKey(id)).count();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kafkaRecords", records);
        r.put("kafkaDistinctEvents", seen.size());
        r.put("outboxEventsNotOnKafka", missing);
        r.put("eventsPublishedTwice", seen.values().stream().filter(n -> n > 1).count());
        r.put("kafkaOutOfOrderPerDossier", outOfOrder);
        return r;
    }

    // ------------------------------------------------------------------------------------------------ JDBC

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long[] longs(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            int n = rs.getMetaData().getColumnCount();
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    private static Set<String> strings(Connection c, String sql, Collection<String> values) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("text", values.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
