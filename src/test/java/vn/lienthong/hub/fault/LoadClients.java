package vn.lienthong.hub.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One-stop-shop clients streaming dossiers and their transitions at the hub, as counters do: each client registers
 * a dossier (with an {@code Idempotency-Key}) and moves it START → RESOLVE → RETURN (each with its own event id);
 * one story in five is an inter-agency procedure (birth registration: police then bhxh; company registration:
 * bhxh) that the hub runs by itself. A request without an answer (the hub is down, killed, restarting) is sent
 * again, unchanged, until it gets one — the same key or event id, so the hub applies it once. Every 2xx is
 * recorded: the acknowledged dossiers and events are what the hub must never lose. All clients together send at
 * most {@code requestsPerSecond} requests (first tries and tries again alike).
 */
final class LoadClients {

    /** Liên thông: birth registration → residence (police) → health-insurance card (bhxh). */
    static final String BIRTH = "2.002621";
    /** Company registration → social-insurance registration (bhxh). */
    static final String COMPANY = "2.002043";
    static final List<String> TRANSITIONS = List.of("START", "RESOLVE", "RETURN");

    /** An acknowledged request: a dossier registered (eventId null) or an event applied. */
    record Ack(String phase, String code, String eventId, String type, String idempotencyKey) {
    }

    private final String baseUrl;
    private final String run;
    private final List<String> simpleProcedures;
    private final int clients;
    private final Semaphore permits = new Semaphore(0);
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-pacer");
        t.setDaemon(true);
        return t;
    });
    private final int requestsPerSecond;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong stories = new AtomicLong();

    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    /** Requests answered 4xx (never expected: the load only asks for what the lifecycle allows). */
    final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    /** Idempotency key → dossier code, as acknowledged (a replay must give the same code). */
    final Map<String, String> codesByKey = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> keyConflicts = new ConcurrentLinkedQueue<>();

    private volatile boolean running;
    private volatile boolean paused = true;
    private volatile String phase = "start";

    LoadClients(String baseUrl, String run, List<String> simpleProcedures, int clients, int requestsPerSecond) {
        this.baseUrl = baseUrl;
        this.run = run;
        this.simpleProcedures = simpleProcedures;
        this.clients = clients;
        this.requestsPerSecond = requestsPerSecond;
    }

    void phase(String name) {
        phase = name;
    }

    void start() {
        running = true;
        paused = false;
        // one permit per request, at the set rate; unused permits do not pile up beyond a second's worth
        long period = Math.max(1, 1_000_000 / requestsPerSecond);
        pacer.scheduleAtFixedRate(() -> {
            if (!paused && permits.availablePermits() < requestsPerSecond) {
                permits.release();
            }
        }, 0, period, TimeUnit.MICROSECONDS);
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread t = new Thread(() -> loop(client), "fault-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** No new request is sent until {@link #resume()} (a request waiting for an answer still gets one). */
    void pause() {
        paused = true;
        permits.drainPermits();
    }

    void resume() {
        paused = false;
    }

    void stop() throws InterruptedException {
        running = false;
        paused = false;
        pacer.shutdownNow();
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    long acked(String phaseName, boolean events) {
        return acks.stream().filter(a -> a.phase().equals(phaseName) && (a.eventId() != null) == events).count();
    }

    private void loop(int client) {
        while (running) {
            long n = stories.incrementAndGet();
            String key = run + "-c" + client + "-" + n;
            try {
                if (n % 5 == 0) {
                    create(key, (n / 5) % 2 == 0 ? BIRTH : COMPANY, n);
                } else {
                    String code = create(key, simpleProcedures.get((int) (n % simpleProcedures.size())), n);
                    for (String type : TRANSITIONS) {
                        if (code == null || !running) {
                            break;
                        }
                        if (!event(code, key + "-" + type, type)) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Registers a dossier; returns its code once acknowledged (null when refused or stopped). */
    private String create(String key, String procedure, long n) throws InterruptedException {
        String body = """
                {"procedureCode":"%s","applicant":{"fullName":"Nguyễn Văn Thử %d","idNumber":"038090%06d",\
                "phone":"0912345678","address":"Phường Hạc Thành, Thanh Hóa"},"channel":"DIRECT","returnMethod":"COUNTER"}"""
                .formatted(procedure, n, n % 1_000_000);
        JsonNode answer = send("/api/v1/dossiers", body, key, "register " + procedure);
        if (answer == null) {
            return null;
        }
        String code = answer.path("code").asText();
        String before = codesByKey.putIfAbsent(key, code);
        if (before != null && !before.equals(code)) {
            keyConflicts.add(key + ": " + before + " then " + code);
        }
        acks.add(new Ack(phase, code, null, "RECEIVE", key));
        return code;
    }

    private boolean event(String code, String eventId, String type) throws InterruptedException {
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"actor\":\"officer.fault\"}";
        JsonNode answer = send("/api/v1/dossiers/" + code + "/events", body, null, type + " " + code);
        if (answer == null) {
            return false;
        }
        acks.add(new Ack(phase, code, eventId, type, null));
        return true;
    }

    /** Sends until answered: 2xx → the body; 4xx → recorded as refused, null; no answer or 5xx → again. */
    private JsonNode send(String path, String body, String idempotencyKey, String what) throws InterruptedException {
        boolean again = false;
        while (true) {
            // paused: no permit is issued
            if (!permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return null;
                }
                continue;
            }
            if (!running) {
                return null;
            }
            if (again) {
                replays.incrementAndGet();
            }
            again = true;
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("X-API-Key", HubProcess.ONESTOP_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (idempotencyKey != null) {
                r.header("Idempotency-Key", idempotencyKey);
            }
            sent.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                unanswered.incrementAndGet();
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return HubProcess.JSON.readTree(response.body());
                } catch (IOException e) {
                    refused.add(what + ": unreadable 2xx body " + response.body());
                    return null;
                }
            }
            if (status >= 500 || status == 408 || status == 429) {
                serverErrors.incrementAndGet();
                continue;
            }
            refused.add(what + ": HTTP " + status + " " + response.body());
            return null;
        }
    }
}
