package vn.lienthong.hub.sandbox.brokers;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.EmbeddedKafka;

/**
 * Stops and starts the sandbox's embedded brokers in place (same ports, same journal and log), so the hub's
 * recovery from a broker restart can be exercised under load: the fault suite does, through
 * {@link SandboxBrokerController}. The hub's clients are not told: they find out as they would with an external
 * broker going away and coming back.
 */
@Component
@SandboxOnly
class SandboxBrokers {

    private static final Logger log = LoggerFactory.getLogger(SandboxBrokers.class);
    static final List<String> PARTNERS = List.of("tax", "police", "bhxh", "vnpost", "axis");

    private final ObjectProvider<EmbeddedActiveMQ> artemis;
    private final ObjectProvider<EmbeddedKafka> kafka;

    SandboxBrokers(ObjectProvider<EmbeddedActiveMQ> artemis, ObjectProvider<EmbeddedKafka> kafka) {
        this.artemis = artemis;
        this.kafka = kafka;
    }

    /** Thrown when the broker asked for is not embedded here (an external one is not ours to restart). */
    static final class NotEmbedded extends RuntimeException {
        NotEmbedded(String broker) {
            super(broker + " is not embedded in this hub");
        }
    }

    /**
     * Stops the embedded Artemis, keeps it down for {@code down}, starts it again on the same journal. Reports the
     * depth of each partner queue and dead-letter queue just before the stop and just after the start.
     */
    synchronized Map<String, Object> restartArtemis(Duration down) throws Exception {
        EmbeddedActiveMQ broker = artemis.getIfAvailable();
        if (broker == null) {
            throw new NotEmbedded("artemis");
        }
        Map<String, Long> before = depths(broker.getActiveMQServer());
        Instant stopped = Instant.now();
        log.warn("Sandbox: stopping the embedded Artemis for {} ms (queues {})", down.toMillis(), before);
        broker.stop();
        Thread.sleep(down.toMillis());
        Instant starting = Instant.now();
        broker.start();
        waitActive(broker.getActiveMQServer());
        Instant started = Instant.now();
        Map<String, Long> after = depths(broker.getActiveMQServer());
        log.warn("Sandbox: embedded Artemis started again after {} ms down (queues {})",
                Duration.between(stopped, started).toMillis(), after);
        Map<String, Object> report = report("artemis", stopped, starting, started);
        report.put("queuesBefore", before);
        report.put("queuesAfter", after);
        return report;
    }

    /** Stops the embedded Kafka broker, keeps it down for {@code down}, starts it again on the same log. */
    synchronized Map<String, Object> restartKafka(Duration down) throws Exception {
        EmbeddedKafka broker = kafka.getIfAvailable();
        if (broker == null) {
            throw new NotEmbedded("kafka");
        }
        Instant stopped = Instant.now();
        log.warn("Sandbox: stopping the embedded Kafka for {} ms", down.toMillis());
        broker.stop();
        Thread.sleep(down.toMillis());
        Instant starting = Instant.now();
        broker.start();
        Instant started = Instant.now();
        log.warn("Sandbox: embedded Kafka started again after {} ms down", Duration.between(stopped, started).toMillis());
        return report("kafka", stopped, starting, started);
    }

    private static Map<String, Object> report(String broker, Instant stopped, Instant starting, Instant started) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("broker", broker);
        r.put("stoppedAt", stopped.toString());
        r.put("startedAt", started.toString());
        r.put("startMs", Duration.between(starting, started).toMillis());
        r.put("downMs", Duration.between(stopped, started).toMillis());
        return r;
    }

    private static void waitActive(ActiveMQServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.isActive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!server.isActive()) {
            throw new IllegalStateException("the embedded Artemis did not become active within 60 s");
        }
    }

    private static Map<String, Long> depths(ActiveMQServer server) {
        Map<String, Long> depths = new LinkedHashMap<>();
        if (server == null || !server.isActive()) {
            return depths;
        }
        for (String partner : PARTNERS) {
            for (String name : List.of("hub.outbound." + partner, "DLQ.hub.outbound." + partner)) {
                Queue q = server.locateQueue(SimpleString.of(name));
                depths.put(name, q == null ? 0 : q.getMessageCount());
            }
        }
        return depths;
    }
}
