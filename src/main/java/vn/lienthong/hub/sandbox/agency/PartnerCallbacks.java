package vn.lienthong.hub.sandbox.agency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.security.ClientRegistry;

/**
 * Calls the hub back, as the simulated agency, at {@code POST /api/v1/partners/results} with that agency's own
 * API key: asynchronously, and again with exponential back-off while the hub does not answer or answers 5xx, 408
 * or 429 (the hub may be briefly unavailable). Each callback's progress is kept in memory for the messages view.
 */
@Component
@SandboxOnly
class PartnerCallbacks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PartnerCallbacks.class);
    private static final String DEFAULT_URL = "http://127.0.0.1:${local.server.port}/api/v1/partners/results";
    private static final int KEPT = 10_000;

    private final ClientRegistry clients;
    private final Environment env;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService scheduler;
    /** Progress of the latest callbacks, by partner and delivery id; the oldest are forgotten. */
    private final Map<String, Attempts> progress = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
            return size() > KEPT;
        }
    });

    PartnerCallbacks(ClientRegistry clients, Environment env, ObjectMapper json,
            @Value("${hub.sandbox.callback.max-attempts:8}") int maxAttempts,
            @Value("${hub.sandbox.callback.initial-backoff-ms:1000}") long initialBackoffMs,
            @Value("${hub.sandbox.callback.max-backoff-ms:30000}") long maxBackoffMs,
            @Value("${hub.sandbox.callback.threads:2}") int threads) {
        this.clients = clients;
        this.env = env;
        this.json = json;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoffMs = Math.max(1, initialBackoffMs);
        this.maxBackoffMs = Math.max(this.initialBackoffMs, maxBackoffMs);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "sandbox-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules the callback of {@code result} (a PartnerResult) by {@code partner}, {@code delayMs} from now. */
    void schedule(String partner, Map<String, Object> result, long delayMs) {
        String deliveryId = (String) result.get("deliveryId");
        Attempts attempts = new Attempts(result);
        progress.put(key(partner, deliveryId), attempts);
        scheduler.schedule(() -> attempt(partner, attempts, 1), delayMs, TimeUnit.MILLISECONDS);
    }

    /** What happened so far to the callback of a delivery, if this simulator planned one. */
    Optional<Attempts> progress(String partner, String deliveryId) {
        return Optional.ofNullable(progress.get(key(partner, deliveryId)));
    }

    private void attempt(String partner, Attempts attempts, int n) {
        String deliveryId = (String) attempts.result.get("deliveryId");
        Integer status = null;
        String error = null;
        try {
            String key = clients.sandboxKey(partner)
                    .orElseThrow(() -> new IllegalStateException("no sandbox key for client " + partner));
            HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-API-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(attempts.result), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status >= 300) {
                String body = response.body();
                error = body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
            }
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        boolean delivered = status != null && status < 300;
        boolean retryable = !delivered && (status == null || status >= 500 || status == 408 || status == 429);
        String state = delivered ? "DELIVERED" : retryable && n < maxAttempts ? "RETRYING" : retryable ? "GAVE_UP" : "REJECTED";
        attempts.record(n, status, error, state);
        if ("RETRYING".equals(state) && !scheduler.isShutdown()) {
            long backoff = Math.min(maxBackoffMs, initialBackoffMs << Math.min(n - 1, 20));
            log.info("Sandbox {}: callback of {} failed (attempt {}: {}), again in {} ms", partner, deliveryId, n,
                    status != null ? "HTTP " + status : error, backoff);
            scheduler.schedule(() -> attempt(partner, attempts, n + 1), backoff, TimeUnit.MILLISECONDS);
        } else if (delivered) {
            log.info("Sandbox {}: called back {} ({}) on attempt {}", partner, deliveryId, attempts.result.get("outcome"), n);
        } else {
            log.warn("Sandbox {}: callback of {} not delivered after {} attempt(s): {} {}", partner, deliveryId, n,
                    status != null ? "HTTP " + status : "", error);
        }
    }

    private String callbackUrl() {
        String configured = env.getProperty("hub.sandbox.callback-url");
        return configured != null && !configured.isBlank() ? configured : env.resolveRequiredPlaceholders(DEFAULT_URL);
    }

    private static String key(String partner, String deliveryId) {
        return partner + "\n" + deliveryId;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** The progress of one callback. */
    static final class Attempts {
        final Map<String, Object> result;
        private int count;
        private Integer lastStatus;
        private String lastError;
        private String state = "SCHEDULED";
        private Instant lastAt;

        Attempts(Map<String, Object> result) {
            this.result = result;
        }

        synchronized void record(int n, Integer status, String error, String state) {
            this.count = n;
            this.lastStatus = status;
            this.lastError = error;
            this.state = state;
            this.lastAt = Instant.now();
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("outcome", result.get("outcome"));
            v.put("reason", result.get("reason"));
            v.put("result", result.get("result"));
            v.put("state", state);
            v.put("attempts", count);
            v.put("lastStatus", lastStatus);
            v.put("lastError", lastError);
            v.put("lastAttemptAt", lastAt);
            return v;
        }
    }
}
