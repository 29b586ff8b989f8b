package vn.lienthong.hub.fault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The hub as a child JVM of the test (its own process, as in production): started with the test's class path on
 * a data directory of its own, every port free, its keys and passwords given in the environment; killed with
 * SIGKILL ({@link Process#destroyForcibly()}) or stopped with SIGTERM; started again on the same directory. Its
 * output goes to {@code hub-<n>.log} in the data directory.
 */
final class HubProcess implements AutoCloseable {

    static final String MAIN = "vn.lienthong.hub.HubApplication";
    static final String ONESTOP_KEY = "fault-onestop-key-0001";
    static final String ADMIN_PASSWORD = "fault-admin-password-0001";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dataDir;
    final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile Process process;
    private int starts;
    private JsonNode info;

    HubProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        // should the test's JVM end first, the hub and its PostgreSQL must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            postmaster().ifPresent(ProcessHandle::destroyForcibly);
        }, "fault-hub-reaper"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the hub and waits until {@code /actuator/health} says UP; returns how long that took. */
    Duration start(Duration timeout) throws Exception {
        starts++;
        Path log = dataDir.resolve("hub-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1536m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", classPath(), MAIN,
                "--hub.data-dir=" + dataDir, "--server.port=" + httpPort,
                "--hub.embedded.postgres-port=0", "--hub.embedded.artemis-port=0", "--hub.embedded.mqtt-port=0",
                "--hub.embedded.kafka-port=0", "--hub.embedded.kafka-controller-port=0"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HUB_") || k.startsWith("SPRING_"));
        env.put("HUB_ONESTOP_API_KEY", ONESTOP_KEY);
        env.put("HUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("HUB_OPERATOR_PASSWORD", ADMIN_PASSWORD);
        env.put("HUB_VIEWER_PASSWORD", ADMIN_PASSWORD);
        Files.writeString(log, "# " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        process = pb.start();
        Duration healthy = awaitHealthy(t0, timeout, log);
        info = JSON.readTree(get("/actuator/info").body()).path("hub");
        return healthy;
    }

    private Duration awaitHealthy(long t0, Duration timeout, Path log) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see " + log);
                }
                return healthy();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the hub was not healthy after " + timeout.toSeconds() + " s; see " + log, e);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Whether {@code /actuator/health} answers UP now. */
    boolean healthy() {
        try {
            HttpResponse<String> r = get("/actuator/health");
            return r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The components of {@code /actuator/health} that are not UP (empty when all are). */
    String unhealthy() throws Exception {
        JsonNode h = JSON.readTree(get("/actuator/health").body());
        StringBuilder out = new StringBuilder();
        h.path("components").fields().forEachRemaining(e -> {
            if (!"UP".equals(e.getValue().path("status").asText())) {
                out.append(e.getKey()).append('=').append(e.getValue().path("status").asText()).append(' ');
            }
        });
        return out.toString().trim();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the hub, its PostgreSQL is left behind. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hub did not die after SIGKILL");
        }
    }

    /**
     * Ends the hub for good: SIGKILL (a graceful stop takes half a minute and proves nothing here), then its
     * orphaned PostgreSQL is shut down as the platform would at the next start.
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
        stopPostmaster();
    }

    /** The PostgreSQL server process holding the data directory, from its {@code postmaster.pid}. */
    Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops a PostgreSQL the hub left running (only after the hub itself is gone). */
    private void stopPostmaster() {
        postmaster().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }


    // --------------------------------------------------------------------------------------- the hub's parts

    int postgresPort() {
        return info.path("postgres").path("port").asInt();
    }

    String kafkaBootstrap() {
        return info.path("kafka").path("bootstrapServers").asText();
    }

    /** A JDBC connection to the hub's own (embedded) database. */
    Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort() + "/hub", "postgres", "");
    }

    // --------------------------------------------------------------------------------------------- HTTP

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As the one-stop shop (its API key): the only client that writes dossiers. */
    HttpResponse<String> postAsOnestop(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(150))
                .header("X-API-Key", ONESTOP_KEY).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As the ADMIN operator (HTTP Basic). */
    private HttpRequest.Builder request(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(150))
                .header("Authorization", "Basic " + basic).header("Accept", "application/json");
    }

    /** A simulated partner's behaviour ({@code {}}: its defaults). */
    void behave(String partner, String behaviour) throws Exception {
        HttpResponse<String> r = put("/sandbox/" + partner + "/behaviour", behaviour);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("behaviour of " + partner + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** Restarts an embedded broker through the sandbox's ADMIN endpoint; returns its report. */
    JsonNode restartBroker(String broker, long downMs) throws Exception {
        HttpResponse<String> r = post("/sandbox/brokers/" + broker + "/restart?downMs=" + downMs, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("restart of " + broker + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * The test's class path without empty entries: Surefire's ends with a separator, an empty entry is the working
     * directory, and the repository's root holds {@code routes/} — every flow would be loaded twice.
     */
    static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
