package vn.lienthong.hub.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.dossier.OutboxSignal;
import vn.lienthong.hub.platform.KafkaConnection;

/**
 * Publishes committed outbox rows to Kafka {@code hub.dossier.events}, keyed by dossier code, in commit order.
 * Only one relay runs at a time across all hub instances (a PostgreSQL advisory lock held for the batch), so
 * per-dossier order holds with any number of instances; a row is marked published only after Kafka acknowledged
 * it. A crash between the two resends the batch: consumers dedupe by CloudEvents id.
 * <p>
 * The relay runs as soon as a transaction that wrote outbox rows commits in this instance ({@link OutboxSignal}),
 * and at the latest every {@code hub.outbox.poll-ms} (rows of other instances).
 */
@Component("outboxRelay")
public class OutboxRelay implements DisposableBean {

    public static final String TOPIC = "hub.dossier.events";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x6875625F6F7574L; // "hub_out"

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaProducer<String, String> producer;
    private final int batchSize;
    private final OutboxSignal signal;
    private final long pollMillis;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, KafkaConnection kafka, MeterRegistry meters,
            OutboxSignal signal, @Value("${hub.outbox.batch-size:500}") int batchSize,
            @Value("${hub.outbox.poll-ms:20}") long pollMillis) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.batchSize = batchSize;
        this.signal = signal;
        this.pollMillis = pollMillis;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "hub-outbox-relay"),
                new StringSerializer(), new StringSerializer());
        meters.gauge("hub.outbox.pending", this, r -> r.pendingSafe());
    }

    /** Waits for a commit in this instance (at most {@code hub.outbox.poll-ms}), then relays. */
    public int relayOnCommit() throws InterruptedException {
        signal.await(pollMillis);
        return relay();
    }

    /** Relays until the outbox is empty (or another instance holds the relay); returns how many were published. */
    public int relay() {
        int total = 0;
        try {
            int n;
            do {
                Integer published = tx.execute(status -> relayBatch());
                n = published == null ? 0 : published;
                total += n;
            } while (n == batchSize);
        } catch (RuntimeException e) {
            // the rows stay pending and go out on the next poll; Kafka's outage must not be lost in a stack trace
            log.warn("Outbox relay paused: {}", e.getMessage());
        }
        return total;
    }

    private int relayBatch() {
        Boolean leader = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
        if (!Boolean.TRUE.equals(leader)) {
            return 0;
        }
        // no FOR UPDATE: the advisory lock above already makes this the only relay, and locking each row would write
        // every row once more (its lock, in the heap and the WAL) before the update below writes it again
        List<Object[]> rows = jdbc.query("""
                select id, event_id, dossier_code, type, payload::text from outbox
                where published_at is null order by id limit ?""",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)},
                batchSize);
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, (String) r[2], (String) r[4]);
            record.headers().add("ce_id", ((String) r[1]).getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", ((String) r[3]).getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + e.getMessage(), e);
        }
        List<Object[]> ids = rows.stream().map(r -> new Object[] {r[0]}).toList();
        jdbc.batchUpdate("update outbox set published_at = now() where id = ?", ids);
        return rows.size();
    }

    /** Published rows are kept a while for audit and replay, then removed. */
    public int purge(int keepDays) {
        return jdbc.update("delete from outbox where published_at < now() - make_interval(days => ?)", keepDays);
    }

    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from outbox where published_at is null", Long.class);
        return n == null ? 0 : n;
    }

    private double pendingSafe() {
        try {
            return pending();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
