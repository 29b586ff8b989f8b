package vn.lienthong.hub.device;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.platform.KafkaConnection;

/**
 * Publishes stored device events to Kafka {@code hub.device.events}, keyed by device id, as CloudEvents JSON
 * (id {@code <deviceId>/<eventId>}, subject the device id), in store order. The table is the outbox: a row is
 * marked published only after Kafka acknowledged it, so a crash in between publishes it again (consumers dedupe by
 * CloudEvents id) and nothing stored is ever missing from the topic. One relay runs at a time across instances
 * (a PostgreSQL advisory lock held for the batch).
 */
@Component("deviceEventRelay")
public class DeviceEventRelay implements DisposableBean {

    public static final String TOPIC = "hub.device.events";
    public static final String SOURCE_PREFIX = "/lienthong-hub/devices/";
    public static final String TYPE_PREFIX = "vn.lienthong.hub.device.";
    private static final Logger log = LoggerFactory.getLogger(DeviceEventRelay.class);
    private static final long LOCK_KEY = 0x6875625F646576L; // "hub_dev"
    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    DeviceEventRelay(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, KafkaConnection kafka) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a relay round sends up to BATCH events at once and waits for all: one batch per partition and
                // round (the default 16 KB holds about 25 events, and the broker's cost is mostly per batch)
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "hub-device-relay"),
                new StringSerializer(), new StringSerializer());
    }

    /** Publishes until nothing is pending (or another instance holds the relay); returns how many were published. */
    public int relay() {
        int total = 0;
        try {
            int n;
            do {
                Integer published = tx.execute(status -> relayBatch());
                n = published == null ? 0 : published;
                total += n;
            } while (n == BATCH);
        } catch (RuntimeException e) {
            log.warn("Device event relay paused: {}", e.getMessage());
        }
        return total;
    }

    private int relayBatch() {
        Boolean leader = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
        if (!Boolean.TRUE.equals(leader)) {
            return 0;
        }
        List<Row> rows = jdbc.query("""
                select id, device_id, event_id, center, channel, type, at, payload::text from device_event
                where published_at is null order by id limit ? for update""",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7), rs.getString(8)), BATCH);
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String id = r.deviceId() + "/" + r.eventId();
            String type = TYPE_PREFIX + r.type().toLowerCase(Locale.ROOT);
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, r.deviceId(), cloudEvent(r, id, type));
            record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the device events: " + e.getMessage(), e);
        }
        jdbc.update("update device_event set published_at = now() where id = any(?)",
                (Object) rows.stream().map(Row::id).toArray(Long[]::new));
        return rows.size();
    }

    private String cloudEvent(Row r, String id, String type) {
        try {
            ObjectNode ce = json.createObjectNode();
            ce.put("specversion", "1.0");
            ce.put("id", id);
            ce.put("source", SOURCE_PREFIX + r.center());
            ce.put("type", type);
            ce.put("subject", r.deviceId());
            ce.put("time", r.at().toInstant().toString());
            ce.put("datacontenttype", "application/json");
            ObjectNode data = ce.putObject("data");
            data.put("type", r.type());
            data.setAll((ObjectNode) json.readTree(r.payload()));
            // who sent it is the broker's word (the device's credentials and topic), never its payload's: the device
            // schemas allow other properties, and a payload's "deviceId" or "center" used to replace these
            data.put("deviceId", r.deviceId());
            data.put("center", r.center());
            data.put("channel", r.channel());
            return json.writeValueAsString(ce);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write device event " + id, e);
        }
    }

    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from device_event where published_at is null", Long.class);
        return n == null ? 0 : n;
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }

    private record Row(long id, String deviceId, String eventId, String center, String channel, String type,
                       Timestamp at, String payload) {
    }
}
