package vn.lienthong.hub.device;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * The ingest route's store step ({@code process: deviceEventBatch}): an asynchronous processor that gathers the
 * exchanges of up to {@code hub.devices.batch-size} messages, or what arrived within {@code hub.devices.batch-wait}
 * of the first, stores them in one transaction ({@link DeviceEventStore#store}) and only then lets each exchange
 * go on.
 *
 * <p>Why this is safe with QoS 1: the MQTT consumer runs with manual acknowledgements, and acknowledges a message
 * when its exchange completes. The exchange waits here, uncompleted, until its batch is committed — so nothing is
 * acknowledged before it is stored, and a crash before the commit leaves the messages unacknowledged in the
 * broker's persistent session, to be delivered again (and deduplicated) after the restart. Meanwhile the MQTT
 * client's callback thread is free to take the next messages, which is what makes batches possible at all (a
 * synchronous insert per message would serialize on the client's single delivery thread).
 *
 * <p>Two threads: the writer ({@code device-event-batch}) gathers and stores batches; once a batch committed, it
 * hands the batch's exchanges to the completer ({@code device-event-done}), which lets each go on — the rest of the
 * route, the exchange's completion and the broker's PUBACK, most of the CPU a message costs after it is read —
 * while the writer already stores the next batch. One completer, fed in commit order, completes the exchanges in
 * the order they arrived here, so the acknowledgements keep the order of the messages (MQTT 5, 4.6). The writer is
 * woken for a batch's first message and for a full batch, not for every message it gathers: a wake-up per message
 * (a blocking queue's signal) was a tenth of the MQTT callback thread's time.
 *
 * <p>Each exchange leaves with header {@code HubDeviceDuplicate}: true when its event was already stored. A batch
 * that fails is retried message by message, so one bad row cannot hold the others back: a row PostgreSQL refuses
 * as data leaves with the reason in header {@code HubParkReason} (the route parks it), any other failure is the
 * exchange's exception, for the route's error handler (redelivered, and never acknowledged before it is stored).
 */
@Component("deviceEventBatch")
public class DeviceEventBatcher implements AsyncProcessor, DisposableBean {

    public static final String DUPLICATE = "HubDeviceDuplicate";
    private static final Logger log = LoggerFactory.getLogger(DeviceEventBatcher.class);

    private final DeviceEventStore store;
    private final int batchSize;
    private final long waitNanos;
    /** Arrived, not yet taken by the writer; guarded by {@link #lock}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer has something to do: a first message while it idles, or a full batch. */
    private final Condition ready = lock.newCondition();
    /** Whether the writer waits for a first message (guarded by {@link #lock}); otherwise it gathers a batch. */
    private boolean idle;
    private final Thread writer;
    private final ExecutorService completer;
    private final Counter stored;
    private final Counter duplicates;
    private volatile boolean running = true;

    DeviceEventBatcher(DeviceEventStore store, DeviceSettings settings, MeterRegistry meters) {
        this.store = store;
        this.batchSize = Math.max(1, settings.getBatchSize());
        this.waitNanos = settings.getBatchWait().toNanos();
        this.stored = meters.counter("hub.device.events.stored");
        this.duplicates = meters.counter("hub.device.events.duplicates");
        meters.gauge("hub.device.events.pending", this, DeviceEventBatcher::pending);
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "device-event-done");
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::run, "device-event-batch");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        DeviceEvent event = exchange.getMessage().getBody(DeviceEvent.class);
        if (event == null) {
            exchange.setException(new IllegalStateException("no device event in the body"));
            callback.done(true);
            return true;
        }
        if (!running) {
            exchange.setException(new IllegalStateException("the device event writer is stopping"));
            callback.done(true);
            return true;
        }
        Pending pending = new Pending(event, exchange, callback);
        lock.lock();
        try {
            queue.add(pending);
            // wake the writer only for a first message or a full batch, not for each message it gathers
            if (idle || queue.size() == batchSize) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
        return false;
    }

    private double pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        processAsync(exchange).get();
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        process(exchange, sync -> done.complete(exchange));
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                if (!take(batch)) {
                    break;
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("Device event writer: {}", e.getMessage(), e);
                List<Pending> failed = List.copyOf(batch);
                finish(() -> failed.forEach(p -> fail(p, e)));
            } finally {
                batch.clear();
            }
        }
        List<Pending> left = new ArrayList<>();
        lock.lock();
        try {
            left.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        finish(() -> left.forEach(p -> fail(p, new IllegalStateException("the device event writer stopped"))));
    }

    /**
     * Waits for a first message (up to 200 ms), then up to {@code batch-wait} for more or until a batch is full,
     * and moves up to a batch of them, in arrival order, into {@code batch}. False once stopped with nothing left.
     */
    private boolean take(List<Pending> batch) throws InterruptedException {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                if (!running) {
                    return false;
                }
                idle = true;
                try {
                    ready.await(200, TimeUnit.MILLISECONDS);
                } finally {
                    idle = false;
                }
                if (queue.isEmpty()) {
                    return running;
                }
            }
            long left = waitNanos;
            while (queue.size() < batchSize && left > 0 && running) {
                left = ready.awaitNanos(left);
            }
            for (int i = 0; i < batchSize && !queue.isEmpty(); i++) {
                batch.add(queue.poll());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code completion} on the completer, after those handed over before it (here if it has stopped). */
    private void finish(Runnable completion) {
        try {
            completer.execute(completion);
        } catch (RejectedExecutionException stopped) {
            completion.run();
        }
    }

    private void write(List<Pending> batch) {
        List<DeviceEvent> events = batch.stream().map(Pending::event).toList();
        Set<String> inserted;
        try {
            inserted = store.store(events);
        } catch (RuntimeException e) {
            log.warn("A batch of {} device events failed ({}); storing them one by one", batch.size(), e.getMessage());
            batch.forEach(this::writeOne);
            return;
        }
        complete(batch, inserted);
    }

    private void writeOne(Pending p) {
        try {
            complete(List.of(p), store.store(List.of(p.event())));
        } catch (RuntimeException e) {
            if (isData(e)) {
                p.exchange().getMessage().setHeader(DeviceIngest.REFUSED, "refused by the store: " + rootMessage(e));
                finish(() -> done(p));
            } else {
                finish(() -> fail(p, e));
            }
        }
    }

    /** Marks each exchange of a committed batch new or duplicate, and hands them to the completer. */
    private void complete(List<Pending> batch, Set<String> inserted) {
        Set<String> seen = new HashSet<>();
        for (Pending p : batch) {
            String key = DeviceEventStore.key(p.event().deviceId(), p.event().eventId());
            boolean duplicate = !inserted.contains(key) || !seen.add(key);
            (duplicate ? duplicates : stored).increment();
            p.exchange().getMessage().setHeader(DUPLICATE, duplicate);
        }
        List<Pending> committed = List.copyOf(batch);
        finish(() -> committed.forEach(DeviceEventBatcher::done));
    }

    private void fail(Pending p, Exception e) {
        p.exchange().setException(e);
        done(p);
    }

    private static void done(Pending p) {
        try {
            p.callback().done(false);
        } catch (RuntimeException e) {
            log.warn("Device event {} of {}: continuing the exchange failed: {}", p.event().eventId(),
                    p.event().deviceId(), e.getMessage());
        }
    }

    /** SQLState class 22 (data exception) or 23 (integrity): the row itself is wrong; retrying cannot help. */
    private static boolean isData(Throwable e) {
        if (e instanceof DataIntegrityViolationException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * Stops taking messages, writes what is queued, completes what was written, then stops (Camel's routes stop
     * before this bean).
     */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        writer.join(30_000);
        completer.shutdown();
        if (!completer.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("Device event completer: exchanges still to complete after 30 s");
        }
    }

    private record Pending(DeviceEvent event, Exchange exchange, AsyncCallback callback) {
    }
}
