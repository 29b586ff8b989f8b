package vn.lienthong.hub.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.KafkaConnection;
import vn.lienthong.hub.platform.ParkingLot;

/**
 * The consumer of {@code hub.dossier.events} behind the route {@code agency-dispatch}: each call takes the records
 * waiting (up to {@code hub.delivery.dispatch-batch}), plans their deliveries with their dossiers read together,
 * queues them all in one JMS transaction and only then commits the records' offsets. At least once: a failure
 * before the offsets are committed (store or broker unreachable, a crash) plans the same records again, with the
 * same delivery ids, which the hub and the partners deduplicate. An event that cannot be planned is parked with its
 * reason (replayable to {@code direct:agency-dispatch-event}); the others go on.
 * <p>
 * One consumer per hub instance, in consumer group {@code hub-partner-dispatch}: it reads each partition in order,
 * so a dossier's deliveries are queued in the order of its events; more instances share the partitions.
 */
@Component("dispatchConsumer")
public class DispatchConsumer implements DisposableBean {

    public static final String TOPIC = "hub.dossier.events";
    public static final String GROUP = "hub-partner-dispatch";
    static final String REPLAY = "direct:agency-dispatch-event";
    private static final Logger log = LoggerFactory.getLogger(DispatchConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaConnection kafka;
    private final Dispatcher dispatcher;
    private final DeliveryQueues queues;
    private final ParkingLot parkingLot;
    private final int batchSize;
    private final Duration pollTimeout;
    private KafkaConsumer<String, String> consumer;
    private long backoffUntil;
    private long backoffMillis;
    private boolean paused;

    DispatchConsumer(KafkaConnection kafka, Dispatcher dispatcher, DeliveryQueues queues, ParkingLot parkingLot,
            @Value("${hub.delivery.dispatch-batch:500}") int batchSize,
            @Value("${hub.delivery.dispatch-poll-ms:200}") long pollMillis) {
        this.kafka = kafka;
        this.dispatcher = dispatcher;
        this.queues = queues;
        this.parkingLot = parkingLot;
        this.batchSize = batchSize;
        this.pollTimeout = Duration.ofMillis(pollMillis);
    }

    /**
     * Takes one batch of events (waiting at most {@code hub.delivery.dispatch-poll-ms} for the first) and queues
     * their deliveries; returns how many events were handled. Called over and over by the route's single thread.
     */
    public synchronized int dispatchBatch() {
        KafkaConsumer<String, String> c = consumer();
        try {
            if (backingOff()) {
                c.poll(pollTimeout); // partitions paused: keeps the group membership, returns nothing
                return 0;
            }
            ConsumerRecords<String, String> records = c.poll(pollTimeout);
            if (records.isEmpty()) {
                return 0;
            }
            return handle(c, records);
        } catch (WakeupException stopping) {
            return 0;
        }
    }

    private int handle(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        try {
            List<Dispatcher.Planned> planned = dispatcher.planBatch(batch.stream().map(ConsumerRecord::value).toList());
            List<Dispatcher.Delivery> deliveries = new ArrayList<>();
            planned.forEach(p -> deliveries.addAll(p.deliveries()));
            queues.send(deliveries);
            for (int i = 0; i < planned.size(); i++) {
                if (planned.get(i).failure() != null) {
                    park(batch.get(i), planned.get(i));
                }
            }
            c.commitSync(nextOffsets(batch));
            backoffMillis = 0;
            return batch.size();
        } catch (RuntimeException e) {
            // nothing of this batch counts as done: the same records are read again after a pause
            log.warn("Dispatch of {} events paused, to be tried again: {}", batch.size(), e.toString());
            rewind(c, batch);
            backOff(c);
            return 0;
        }
    }

    private void park(ConsumerRecord<String, String> record, Dispatcher.Planned p) {
        Exception f = p.failure();
        Map<String, Object> headers = new HashMap<>();
        headers.put("kafka.TOPIC", record.topic());
        headers.put("kafka.PARTITION", record.partition());
        headers.put("kafka.OFFSET", record.offset());
        parkingLot.park("kafka://" + TOPIC, "agency-dispatch", REPLAY, f.getClass().getSimpleName() + ": " + f.getMessage(),
                p.dossierCode(), record.value(), headers);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, String>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : batch) {
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        return next;
    }

    private static void rewind(KafkaConsumer<String, String> c, List<ConsumerRecord<String, String>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, String> r : batch) {
            first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        first.forEach((tp, offset) -> {
            if (c.assignment().contains(tp)) {
                c.seek(tp, offset);
            }
        });
    }

    private void backOff(KafkaConsumer<String, String> c) {
        backoffMillis = backoffMillis == 0 ? 1000 : Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
        backoffUntil = System.currentTimeMillis() + backoffMillis;
        c.pause(c.assignment());
        paused = true;
    }

    private boolean backingOff() {
        if (!paused) {
            return false;
        }
        if (System.currentTimeMillis() < backoffUntil) {
            return true;
        }
        consumer.resume(consumer.paused());
        paused = false;
        return false;
    }

    private KafkaConsumer<String, String> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                    ConsumerConfig.CLIENT_ID_CONFIG, GROUP,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize,
                    // fetched in lumps (64 KB, or 20 ms): one broker round trip for many events, not one per event
                    ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                    new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // offsets are committed after each batch: nothing is pending here
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (paused) {
                        consumer.pause(partitions); // taken over while this instance waits out a failure
                    }
                }
            });
        }
        return consumer;
    }

    @Override
    public void destroy() {
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
            synchronized (this) {
                c.close(Duration.ofSeconds(5));
                consumer = null;
            }
        }
    }
}
