package vn.lienthong.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Base of every integration test: ONE shared Spring context (never add @MockBean, @DirtiesContext or extra
 * properties in a subclass — each would start PostgreSQL, Artemis and Kafka again). All servers run embedded on
 * free ports, with their data in a fresh temporary directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.embedded.postgres-port=0", "hub.embedded.artemis-port=0", "hub.embedded.mqtt-port=0",
        "hub.embedded.kafka-port=0", "hub.embedded.kafka-controller-port=0",
        "hub.security.bcrypt-strength=4",
        "hub.security.clients.onestop.api-key=" + HubIntegrationTest.ONESTOP_KEY,
        "hub.security.clients.tax.api-key=" + HubIntegrationTest.TAX_KEY,
        "hub.security.clients.police.api-key=" + HubIntegrationTest.POLICE_KEY,
        "hub.security.clients.bhxh.api-key=" + HubIntegrationTest.BHXH_KEY,
        "hub.security.clients.vnpost.api-key=" + HubIntegrationTest.VNPOST_KEY,
        "hub.security.clients.axis.api-key=" + HubIntegrationTest.AXIS_KEY,
        "hub.security.operators.admin.password=" + HubIntegrationTest.PASSWORD,
        "hub.security.operators.operator.password=" + HubIntegrationTest.PASSWORD,
        "hub.security.operators.viewer.password=" + HubIntegrationTest.PASSWORD,
})
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability
public abstract class HubIntegrationTest {

    public static final String ONESTOP_KEY = "test-onestop-key-0001";
    public static final String TAX_KEY = "test-tax-key-0001";
    public static final String POLICE_KEY = "test-police-key-0001";
    public static final String BHXH_KEY = "test-bhxh-key-0001";
    public static final String VNPOST_KEY = "test-vnpost-key-0001";
    public static final String AXIS_KEY = "test-axis-key-0001";
    public static final String PASSWORD = "test-operator-password";

    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("hub-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("hub.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    private static volatile boolean settled;

    /**
     * Once per test JVM, before the first test: the sandbox portal offers a few valid online submissions at a fresh
     * context's start (SandboxAxisController#generate), which the hub's poll takes in as SUBMITTED dossiers seconds
     * later. A test counting the dossiers it wrote would count them too: wait until they are in.
     */
    @BeforeEach
    void sandboxSettled() {
        if (!settled) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                    "select count(*) from sandbox_axis_submission where acknowledged_at is null", Long.class) == 0);
            settled = true;
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A client that does not throw on 4xx/5xx, so tests assert on status and problem body. */
    protected RestClient.Builder http() {
        return RestClient.builder().baseUrl(baseUrl())
                .defaultStatusHandler(status -> true, (req, res) -> { })
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", "
                        + MediaType.APPLICATION_PROBLEM_JSON_VALUE + ", */*");
    }

    /** As a system, with its API key. */
    protected RestClient asClient(String apiKey) {
        return http().defaultHeader("X-API-Key", apiKey).build();
    }

    protected RestClient onestop() {
        return asClient(ONESTOP_KEY);
    }

    /** As an operator (admin, operator, viewer) with HTTP Basic. */
    protected RestClient asOperator(String user) {
        return http().defaultHeaders(h -> h.setBasicAuth(user, PASSWORD)).build();
    }

    protected RestClient anonymous() {
        return http().build();
    }
}
