package vn.lienthong.hub.console;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live view of dossier events. The route {@code console-live-feed} (its own Kafka consumer group per hub
 * instance, from the latest offset) hands every event of {@code hub.dossier.events} to {@link #publish}; browsers on
 * {@code /console/live} receive them as Server-Sent Events, after the last {@value #KEEP} seen. Events carry no personal
 * data. Subscribers are let go before the web server's graceful shutdown waits on them.
 */
@Component("consoleLiveFeed")
public class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    static final int KEEP = 100;
    private static final long EMITTER_TIMEOUT_MS = 10 * 60 * 1000L;

    private final ObjectMapper json;
    private final ConsoleFormat format;
    // the events as published: read and formatted only when someone watches (most of the time no one does)
    private final Deque<String> recent = new ArrayDeque<>();
    private final Set<SseEmitter> subscribers = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heartbeat;
    private volatile boolean running;

    LiveFeed(ObjectMapper json, ConsoleFormat format) {
        this.json = json;
        this.format = format;
    }

    /**
     * Called by the route with each poll's events (camel-kafka's batching consumer: one exchange for up to 500 events,
     * or for what came within 250 ms), in the order they were published. Never throws. One exchange per event cost
     * the hub 5.6 % of its CPU during an intake burst (flight recording, 2026-12-06), most of it in Camel's work
     * around each exchange, for a view that most of the time no one watches.
     */
    public void publishBatch(List<Exchange> events) {
        for (Exchange e : events) {
            String cloudEvent = e.getMessage().getBody(String.class);
            if (cloudEvent != null) {
                publish(cloudEvent);
            }
        }
    }

    /** One event (CloudEvents JSON). Never throws: a bad event must not stall the consumer. */
    void publish(String cloudEvent) {
        synchronized (recent) {
            recent.addLast(cloudEvent);
            while (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> item = item(cloudEvent);
        if (item != null) {
            for (SseEmitter s : subscribers) {
                send(s, item);
            }
        }
    }

    /** The console's line for one event, or null for an unreadable one (skipped, never shown half). */
    private Map<String, Object> item(String cloudEvent) {
        try {
            return item(json.readTree(cloudEvent));
        } catch (Exception e) {
            log.debug("Live feed skipped an unreadable event: {}", e.toString());
            return null;
        }
    }

    private Map<String, Object> item(JsonNode ce) {
        JsonNode data = ce.path("data");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ce.path("id").asText(null));
        m.put("at", format.at(ce.path("time").asText(null)));
        m.put("code", ce.path("subject").asText(data.path("code").asText(null)));
        m.put("event", data.path("event").asText(null));
        m.put("fromStatus", text(data, "fromStatus"));
        m.put("status", text(data, "status"));
        m.put("procedureCode", text(data, "procedureCode"));
        m.put("channel", text(data, "channel"));
        m.put("actor", text(data, "actor"));
        m.put("reason", text(data, "reason"));
        m.put("dueAt", format.at(text(data, "dueAt")));
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A new subscriber: the recent events first, then each one as it comes. */
    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MS);
        if (!running) {
            emitter.complete();
            return emitter;
        }
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> subscribers.remove(emitter));
        emitter.onError(e -> subscribers.remove(emitter));
        List<Map<String, Object>> backlog = recent();
        subscribers.add(emitter);
        // a first line at once: the headers go out with it, and the browser shows the feed connected even when no
        // event comes for a while (a quiet hub, just started, has no backlog and the next keep-alive is 15 s away)
        if (!send(emitter, SseEmitter.event().comment("connected"))) {
            return emitter;
        }
        for (Map<String, Object> item : backlog) {
            send(emitter, item);
        }
        return emitter;
    }

    List<Map<String, Object>> recent() {
        List<String> events;
        synchronized (recent) {
            events = new ArrayList<>(recent);
        }
        List<Map<String, Object>> items = new ArrayList<>(events.size());
        for (String e : events) {
            Map<String, Object> item = item(e);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private void send(SseEmitter emitter, Map<String, Object> item) {
        send(emitter, SseEmitter.event().name("dossier").id(String.valueOf(item.get("id")))
                .data(item, MediaType.APPLICATION_JSON));
    }

    /** Sends one event or comment; a stream that fails is let go ({@link #gone}). False if it failed. */
    private boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            synchronized (emitter) {
                emitter.send(event);
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            gone(emitter, e);
            return false;
        }
    }

    /**
     * A subscriber whose stream failed (the browser went away): its request is ended here, not left open until the
     * emitter's timeout, where it would hold the web server's graceful shutdown.
     */
    private void gone(SseEmitter emitter, Exception e) {
        subscribers.remove(emitter);
        try {
            emitter.completeWithError(e);
        } catch (RuntimeException alreadyEnded) {
            // completed or timed out meanwhile
        }
    }

    @Override
    public void start() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        // a comment line every 15 s: dead connections are noticed and proxies keep the stream open
        heartbeat.scheduleAtFixedRate(() -> subscribers.forEach(s -> send(s, SseEmitter.event().comment("keep-alive"))),
                15, 15, TimeUnit.SECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        subscribers.forEach(s -> {
            try {
                s.complete();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        subscribers.clear();
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (which would otherwise wait for these streams to end). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
