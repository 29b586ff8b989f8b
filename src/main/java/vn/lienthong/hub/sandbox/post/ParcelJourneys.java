package vn.lienthong.hub.sandbox.post;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The life of each parcel the simulated post took, reported to the hub as signed webhooks
 * ({@code POST /api/v1/post/events}, schemas/openapi/vnpost.yaml): a pickup is ACCEPTED, PICKED_UP at the citizen's,
 * IN_TRANSIT and HANDED_OVER at the center against signed minutes; a delivery is ACCEPTED, PICKED_UP at the center,
 * IN_TRANSIT, then attempted at the door — DELIVERY_FAILED and tried again, up to the post's attempts, then
 * DELIVERED with proof or RETURNED_TO_SENDER. The journey is drawn when the order comes in; each event carries the
 * time it happened. A parcel's events are sent one after the other (each again with back-off while the hub does
 * not take it), or all at the end in a shuffled order.
 */
@Component
@SandboxPost
class ParcelJourneys implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ParcelJourneys.class);
    private static final String DEFAULT_URL = "http://127.0.0.1:${local.server.port}/api/v1/post/events";
    private static final int KEPT = 10_000;
    private static final int SEND_ATTEMPTS = 6;
    private static final List<String> FAILURES = List.of(
            "Không có người nhận tại địa chỉ (nobody at the address)",
            "Người nhận hẹn giao lại (the addressee asked for another day)",
            "Không liên lạc được người nhận qua điện thoại (the addressee does not answer the phone)");

    private final Environment env;
    private final ObjectMapper json;
    private final String secret;
    private final int deliveryAttempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService scheduler;
    /** The journeys of the latest orders, by delivery id; the oldest are forgotten. */
    private final Map<String, Journey> journeys = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Journey> eldest) {
            return size() > KEPT;
        }
    });

    ParcelJourneys(Environment env, ObjectMapper json, @Value("${hub.post.webhook-secret:}") String secret,
            @Value("${hub.sandbox.vnpost.delivery-attempts:3}") int deliveryAttempts,
            @Value("${hub.sandbox.vnpost.threads:2}") int threads) {
        this.env = env;
        this.json = json;
        this.secret = secret;
        this.deliveryAttempts = Math.max(1, deliveryAttempts);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "sandbox-vnpost-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Draws the journey of a parcel just ordered and starts reporting it (unless the behaviour says not to). */
    void start(String kind, String orderId, String trackingNumber, JsonNode order, PostBehaviour b) {
        List<Map<String, Object>> events = draw(kind, orderId, trackingNumber, order, b);
        List<Map<String, Object>> sendOrder = new ArrayList<>(events);
        Instant sendAt = null;
        if (b.shuffle()) {
            // all at once when the last has happened, in any order
            Collections.shuffle(sendOrder, ThreadLocalRandom.current());
            sendAt = Instant.parse((String) events.get(events.size() - 1).get("occurredAt"));
        }
        Journey j = new Journey(orderId, events, sendOrder, sendAt, !b.webhooks());
        journeys.put(orderId, j);
        if (!b.webhooks()) {
            log.info("Sandbox vnpost: order {} ({}) taken, tracking {}; webhooks are off", orderId, kind, trackingNumber);
            return;
        }
        log.info("Sandbox vnpost: order {} ({}) taken, tracking {}; {} events{}", orderId, kind, trackingNumber,
                events.size(), b.shuffle() ? ", sent shuffled" : "");
        scheduleNext(j);
    }

    Optional<List<Map<String, Object>>> progress(String orderId) {
        Journey j = journeys.get(orderId);
        return j == null ? Optional.empty() : Optional.of(j.view());
    }

    /** The events of the parcel's whole life, each with the time it happens, one step apart from now. */
    private List<Map<String, Object>> draw(String kind, String orderId, String trackingNumber, JsonNode order,
            PostBehaviour b) {
        List<Map<String, Object>> events = new ArrayList<>();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration step = Duration.ofMillis(b.stepMs());
        String dossierCode = order.path("dossierCode").asText();
        long collect = order.path("charges").path("collectVnd").asLong();
        boolean pickup = "DOSSIER_PICKUP".equals(kind);
        t = t.plus(step);
        events.add(event("ACCEPTED", t, kind, orderId, trackingNumber, dossierCode, "Bưu cục Hành chính công"));
        t = t.plus(step);
        Map<String, Object> picked = event("PICKED_UP", t, kind, orderId, trackingNumber, dossierCode,
                pickup ? "Tại địa chỉ của công dân" : "Trung tâm Phục vụ hành chính công");
        if (pickup) {
            picked.put("collectedVnd", collect);
        }
        events.add(picked);
        t = t.plus(step);
        events.add(event("IN_TRANSIT", t, kind, orderId, trackingNumber, dossierCode, "Bưu cục khai thác"));
        if (pickup) {
            t = t.plus(step);
            Map<String, Object> handed = event("HANDED_OVER", t, kind, orderId, trackingNumber, dossierCode,
                    "Trung tâm Phục vụ hành chính công");
            handed.put("proof", proof("Cán bộ tiếp nhận một cửa", null, "BBGN-" + trackingNumber, null));
            events.add(handed);
            return events;
        }
        String recipient = order.path("recipient").path("name").asText("Người nhận");
        for (int attempt = 1; attempt <= deliveryAttempts; attempt++) {
            t = t.plus(step);
            boolean fails = attempt <= b.deliveryFailures() || ThreadLocalRandom.current().nextDouble() < b.deliveryFailureRate();
            if (!fails) {
                Map<String, Object> delivered = event("DELIVERED", t, kind, orderId, trackingNumber, dossierCode,
                        "Tại địa chỉ người nhận");
                delivered.put("attempt", attempt);
                delivered.put("collectedVnd", collect);
                delivered.put("proof", proof(recipient, "self", null, "SIG-" + trackingNumber + "-" + attempt));
                events.add(delivered);
                return events;
            }
            Map<String, Object> failed = event("DELIVERY_FAILED", t, kind, orderId, trackingNumber, dossierCode,
                    "Tại địa chỉ người nhận");
            failed.put("attempt", attempt);
            failed.put("reason", FAILURES.get(ThreadLocalRandom.current().nextInt(FAILURES.size())));
            events.add(failed);
        }
        t = t.plus(step);
        Map<String, Object> back = event("RETURNED_TO_SENDER", t, kind, orderId, trackingNumber, dossierCode,
                "Trung tâm Phục vụ hành chính công");
        back.put("reason", "Phát không thành công sau " + deliveryAttempts + " lần (not delivered after "
                + deliveryAttempts + " attempts)");
        events.add(back);
        return events;
    }

    private static Map<String, Object> event(String type, Instant at, String kind, String orderId, String trackingNumber,
            String dossierCode, String location) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "VNP-" + UUID.randomUUID());
        e.put("type", type);
        e.put("occurredAt", at.toString());
        e.put("orderId", orderId);
        e.put("trackingNumber", trackingNumber);
        e.put("dossierCode", dossierCode);
        e.put("kind", kind);
        e.put("location", location);
        return e;
    }

    private static Map<String, Object> proof(String receivedBy, String relationship, String minutes, String signature) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("receivedBy", receivedBy);
        if (relationship != null) {
            p.put("relationship", relationship);
        }
        if (minutes != null) {
            p.put("minutesNumber", minutes);
        }
        if (signature != null) {
            p.put("signatureRef", signature);
        }
        return p;
    }

    private void scheduleNext(Journey j) {
        Map<String, Object> next = j.queue.peekFirst();
        if (next == null || scheduler.isShutdown()) {
            return;
        }
        Instant due = j.sendAt != null ? j.sendAt : Instant.parse((String) next.get("occurredAt"));
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        scheduler.schedule(() -> send(j, 1), delay, TimeUnit.MILLISECONDS);
    }

    private void send(Journey j, int attempt) {
        Map<String, Object> e = j.queue.peekFirst();
        if (e == null) {
            return;
        }
        Integer status = null;
        String error = null;
        try {
            byte[] body = json.writeValueAsBytes(e);
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-Signature", sign(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = response.statusCode();
            if (status >= 300) {
                String b = response.body();
                error = b == null ? "" : b.length() > 300 ? b.substring(0, 300) : b;
            }
        } catch (IOException | RuntimeException ex) {
            error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean retry = (status == null || status >= 500 || status == 408 || status == 429) && attempt < SEND_ATTEMPTS;
        j.record(e, status, error, attempt, retry);
        if (retry && !scheduler.isShutdown()) {
            long backoff = Math.min(30_000, 1000L << (attempt - 1));
            log.info("Sandbox vnpost: event {} {} of {} not taken ({}), again in {} ms", e.get("eventId"), e.get("type"),
                    j.orderId, status != null ? "HTTP " + status : error, backoff);
            scheduler.schedule(() -> send(j, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            return;
        }
        if (status == null || status >= 300) {
            log.warn("Sandbox vnpost: event {} {} of {} given up: {} {}", e.get("eventId"), e.get("type"), j.orderId,
                    status != null ? "HTTP " + status : "", error);
        }
        j.queue.pollFirst();
        scheduleNext(j);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a webhook", e);
        }
    }

    private String webhookUrl() {
        String configured = env.getProperty("hub.sandbox.vnpost.webhook-url");
        return configured != null && !configured.isBlank() ? configured : env.resolveRequiredPlaceholders(DEFAULT_URL);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** A parcel's events still to send, and what became of those sent. */
    private static final class Journey {
        final String orderId;
        final Deque<Map<String, Object>> queue;
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<Map<String, Object>> all;
        final Instant sendAt;
        final boolean silent;

        Journey(String orderId, List<Map<String, Object>> events, List<Map<String, Object>> sendOrder, Instant sendAt,
                boolean silent) {
            this.orderId = orderId;
            this.all = List.copyOf(events);
            this.queue = new ArrayDeque<>(sendOrder);
            this.sendAt = sendAt;
            this.silent = silent;
        }

        synchronized void record(Map<String, Object> e, Integer status, String error, int attempt, boolean retrying) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("eventId", e.get("eventId"));
            r.put("type", e.get("type"));
            r.put("occurredAt", e.get("occurredAt"));
            r.put("sentAt", Instant.now());
            r.put("attempt", attempt);
            r.put("status", status);
            r.put("error", error);
            r.put("state", status != null && status < 300 ? "TAKEN" : retrying ? "RETRYING" : "GAVE_UP");
            sent.add(r);
        }

        synchronized List<Map<String, Object>> view() {
            List<Map<String, Object>> v = new ArrayList<>();
            for (Map<String, Object> e : all) {
                Map<String, Object> last = null;
                for (Map<String, Object> s : sent) {
                    if (s.get("eventId").equals(e.get("eventId"))) {
                        last = s;
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("eventId", e.get("eventId"));
                row.put("type", e.get("type"));
                row.put("occurredAt", e.get("occurredAt"));
                row.put("state", silent ? "NOT_SENT" : last == null ? "PENDING" : last.get("state"));
                row.put("attempts", last == null ? 0 : last.get("attempt"));
                row.put("lastStatus", last == null ? null : last.get("status"));
                v.add(row);
            }
            return v;
        }
    }
}
