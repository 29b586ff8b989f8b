package vn.lienthong.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.web.client.RestClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import vn.lienthong.hub.HubIntegrationTest;

/** Who may call what: API keys and operator credentials on the API and Actuator, the login form on the console. */
class SecurityIT extends HubIntegrationTest {

    private static ResponseEntity<JsonNode> get(RestClient client, String uri) {
        return client.get().uri(uri).retrieve().toEntity(JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> res, int status, String reason) {
        assertThat(res.getStatusCode().value()).as("status; body %s", res.getBody()).isEqualTo(status);
        assertThat(res.getHeaders().getContentType()).isNotNull();
        assertThat(res.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as("problem content type: %s", res.getHeaders().getContentType()).isTrue();
        assertThat(res.getBody().path("status").asInt()).isEqualTo(status);
        assertThat(res.getBody().path("reason").asText()).isEqualTo(reason);
        assertThat(res.getBody().path("type").asText()).isEqualTo("urn:lienthong:problem:" + reason);
    }

    @Test
    void apiWithoutCredentialsIsUnauthenticated() {
        assertProblem(get(anonymous(), "/api/v1/procedures"), 401, "unauthenticated");
    }

    @Test
    void wrongApiKeyIsRefusedNotIgnored() {
        assertProblem(get(asClient("not-a-key-of-any-client"), "/api/v1/procedures"), 401, "invalid-api-key");
        assertProblem(get(asClient("x".repeat(300)), "/api/v1/procedures"), 401, "invalid-api-key");
        // a wrong key next to good operator credentials is still refused
        RestClient both = http().defaultHeader("X-API-Key", "not-a-key")
                .defaultHeaders(h -> h.setBasicAuth("admin", PASSWORD)).build();
        assertProblem(get(both, "/api/v1/procedures"), 401, "invalid-api-key");
    }

    @Test
    void validApiKeyIsAccepted() {
        ResponseEntity<JsonNode> res = get(onestop(), "/api/v1/procedures");
        assertThat(res.getStatusCode().value()).as("body %s", res.getBody()).isEqualTo(200);
        assertThat(get(asClient(TAX_KEY), "/api/v1/procedures").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void operatorBasicAuthOnTheApi() {
        assertThat(get(asOperator("viewer"), "/api/v1/procedures").getStatusCode().value()).isEqualTo(200);
        RestClient wrong = http().defaultHeaders(h -> h.setBasicAuth("viewer", "wrong-password")).build();
        assertProblem(get(wrong, "/api/v1/procedures"), 401, "unauthenticated");
        RestClient unknown = http().defaultHeaders(h -> h.setBasicAuth("nobody", PASSWORD)).build();
        assertThat(get(unknown, "/api/v1/procedures").getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void restartingTheSandboxBrokersIsForAdminsOnly() {
        // never as ADMIN with a valid broker here: it would restart the brokers of the shared test context
        String uri = "/sandbox/brokers/kafka/restart";
        assertProblem(post(anonymous(), uri), 401, "unauthenticated");
        assertProblem(post(asOperator("viewer"), uri), 403, "forbidden");
        assertProblem(post(asOperator("operator"), uri), 403, "forbidden");
        // a partner's POST under /sandbox is normally its simulator's own API; this one is not
        assertProblem(post(asClient(POLICE_KEY), uri), 403, "forbidden");
        assertProblem(post(onestop(), uri), 403, "forbidden");
        // an ADMIN gets through to the controller (which refuses what it does not know, before doing anything)
        assertProblem(post(asOperator("admin"), "/sandbox/brokers/zookeeper/restart"), 400, "invalid-request");
        assertProblem(post(asOperator("admin"), uri + "?downMs=-1"), 400, "invalid-request");
    }

    private static ResponseEntity<JsonNode> post(RestClient client, String uri) {
        return client.post().uri(uri).retrieve().toEntity(JsonNode.class);
    }

    @Test
    void actuatorNeedsAnOperatorExceptHealth() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/actuator/metrics"}) {
            assertThat(anonymous().get().uri(path).retrieve().toBodilessEntity().getStatusCode().value())
                    .as("anonymous %s", path).isEqualTo(401);
        }
        // an API key is for systems, not for Actuator
        assertThat(onestop().get().uri("/actuator/info").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
        RestClient wrong = http().defaultHeaders(h -> h.setBasicAuth("viewer", "wrong-password")).build();
        assertThat(wrong.get().uri("/actuator/info").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
        assertThat(anonymous().get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void consoleRedirectsAnonymousUsersToTheLoginForm() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/console"))
                .header("Accept", "text/html,application/xhtml+xml").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(302);
        String location = res.headers().firstValue("Location").orElse("");
        assertThat(URI.create(baseUrl()).resolve(location).getPath()).as("Location %s", location).isEqualTo("/login");
    }

    @Test
    void publicLookupNeedsNoKey() {
        assertProblem(get(anonymous(), "/api/v1/public/dossiers/NO-SUCH-DOSSIER-0000"), 404, "unknown-dossier");
    }

    /**
     * The dossier API is decided by path in the API chain (not by method security), so every method of its paths must
     * be decided there too: a GET mapping also answers HEAD, and a method a path does not have is a 405 only for whoever
     * may use the path. Asked of a dossier that does not exist: a grant is a 404 (or 405), a refusal a 403.
     */
    @Test
    void theDossierApiDecidesEveryMethodOfItsPaths() {
        String dossier = "/api/v1/dossiers/NO-SUCH-DOSSIER-0000";
        RestClient vnpost = asClient(VNPOST_KEY);
        RestClient police = asClient(POLICE_KEY);
        RestClient viewer = asOperator("viewer");
        RestClient operator = asOperator("operator");
        // HEAD of a dossier: as GET (the counters, OPERATOR, the agencies)
        assertThat(status(onestop(), HttpMethod.HEAD, dossier)).isEqualTo(404);
        assertThat(status(operator, HttpMethod.HEAD, dossier)).isEqualTo(404);
        assertThat(status(police, HttpMethod.HEAD, dossier)).isEqualTo(404);
        assertThat(status(viewer, HttpMethod.HEAD, dossier)).isEqualTo(403);
        assertThat(status(vnpost, HttpMethod.HEAD, dossier)).isEqualTo(403);
        // HEAD of the list: as GET (the counters and every operator)
        assertThat(status(viewer, HttpMethod.HEAD, "/api/v1/dossiers?size=1")).isEqualTo(200);
        assertThat(status(vnpost, HttpMethod.HEAD, "/api/v1/dossiers?size=1")).isEqualTo(403);
        // methods the paths do not have
        assertThat(status(onestop(), HttpMethod.PUT, dossier)).isEqualTo(405);
        assertThat(status(vnpost, HttpMethod.PUT, dossier)).isEqualTo(403);
        assertThat(status(viewer, HttpMethod.DELETE, "/api/v1/dossiers")).isEqualTo(405);
        assertThat(status(vnpost, HttpMethod.DELETE, "/api/v1/dossiers")).isEqualTo(403);
        assertThat(status(police, HttpMethod.GET, dossier + "/events")).isEqualTo(405);
        assertThat(status(viewer, HttpMethod.GET, dossier + "/events")).isEqualTo(403);
        assertThat(status(onestop(), HttpMethod.GET, "/api/v1/dossiers/import")).isEqualTo(404); // a dossier named "import"
        assertThat(status(operator, HttpMethod.PUT, "/api/v1/dossiers/import")).isEqualTo(403);
        // a path below a dossier that is not the dossier API's keeps its own rule (its controller's method security)
        assertThat(status(vnpost, HttpMethod.GET, dossier + "/messages")).isEqualTo(403);
        assertThat(status(onestop(), HttpMethod.GET, dossier + "/messages")).isEqualTo(404);
    }

    /**
     * Spring Security's chain as it built it, without the wrapper that looks up each request's handler ahead of Spring
     * MVC (platform.security.SecurityConfig#noHandlerLookupAheadOfSpringMvc): a cost on every request, for matchers and
     * CORS the hub does not use.
     */
    @Test
    void requestsMeetNoHandlerLookupAheadOfSpringMvc(@Autowired ApplicationContext beans) {
        Object chain = beans.getBean("springSecurityFilterChain");
        assertThat(chain).isInstanceOf(FilterChainProxy.class);
        assertThat(chain.getClass().getName()).doesNotContain("WebMvcSecurityConfiguration");
        assertThat(((FilterChainProxy) chain).getFilterChains()).hasSizeGreaterThanOrEqualTo(4);
    }

    /**
     * The API's handler mapping (platform.web.ApiHandlerMapping) is asked first and holds every mapping of Spring MVC's
     * under /api/ and nothing else, so that an API request is matched against the API's mappings only.
     */
    @Test
    void apiRequestsAreMatchedAgainstTheApisMappingsFirst(@Autowired ApplicationContext beans) {
        Map<String, HandlerMapping> mappings = beans.getBeansOfType(HandlerMapping.class);
        RequestMappingHandlerMapping api = (RequestMappingHandlerMapping) mappings.get("apiRequestMappings");
        RequestMappingHandlerMapping mvc = (RequestMappingHandlerMapping) mappings.get("requestMappingHandlerMapping");
        // ahead of the actuator's and Spring MVC's (Hawtio's URL mapping of its own few paths has the same order)
        assertThat(mappings.values())
                .allSatisfy(m -> assertThat(((Ordered) m).getOrder()).isGreaterThanOrEqualTo(api.getOrder()));
        assertThat(mappings.values().stream().filter(m -> m instanceof AbstractHandlerMethodMapping<?> && m != api))
                .isNotEmpty().allSatisfy(m -> assertThat(((Ordered) m).getOrder()).isGreaterThan(api.getOrder()));
        Map<RequestMappingInfo, HandlerMethod> underApi = mvc.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getKey().getPatternValues().stream().allMatch(p -> p.startsWith("/api/")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(underApi).hasSizeGreaterThan(30);
        assertThat(api.getHandlerMethods()).isEqualTo(underApi);
        assertThat(mvc.getHandlerMethods().keySet()).allSatisfy(info -> assertThat(
                info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"))).as("%s", info)
                .isEqualTo(info.getPatternValues().stream().allMatch(p -> p.startsWith("/api/"))));
    }

    /** A wrong media type on an API path is refused there, as before the API had its own mapping. */
    @Test
    void anApiPathRefusesAMediaTypeItDoesNotTake() {
        ResponseEntity<String> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.TEXT_PLAIN)
                .body("x").retrieve().onStatus(s -> true, (rq, rs) -> { }).toEntity(String.class);
        assertThat(res.getStatusCode().value()).isEqualTo(415);
        ResponseEntity<String> wrongAccept = onestop().get().uri("/api/v1/dossiers?size=1").accept(MediaType.TEXT_PLAIN)
                .retrieve().onStatus(s -> true, (rq, rs) -> { }).toEntity(String.class);
        assertThat(wrongAccept.getStatusCode().value()).isEqualTo(406);
    }

    /**
     * The request firewall is the hub's (platform.web.RequestFirewall: Spring Security's rules without its regular
     * expressions) and still refuses a header holding a control character, when the header is read: here the API key,
     * carrying a C1 control (Tomcat reads header bytes as ISO-8859-1). A tab inside a value is allowed, as before.
     */
    @Test
    void theFirewallRefusesAControlCharacterInAHeader(@Autowired ApplicationContext beans) throws Exception {
        assertThat(beans.getBean(HttpFirewall.class)).isSameAs(beans.getBean("httpFirewall"));
        String refused = rawGet("/api/v1/procedures", "X-API-Key: " + ONESTOP_KEY + "\u0085");
        assertThat(refused).startsWith("HTTP/1.1 400").contains("\"reason\":\"rejected-request\"");
        String unknownKey = rawGet("/api/v1/procedures", "X-API-Key: not\ta-key");
        assertThat(unknownKey).startsWith("HTTP/1.1 401").contains("\"reason\":\"invalid-api-key\"");
        assertThat(rawGet("/api/v1/procedures", "X-API-Key: " + ONESTOP_KEY)).startsWith("HTTP/1.1 200");
    }

    /** One GET written byte by byte (ISO-8859-1), so that a header may carry what HTTP clients refuse to send. */
    private String rawGet(String path, String header) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" + header
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(RestClient client, HttpMethod method, String uri) {
        return client.method(method).uri(uri).retrieve().toBodilessEntity().getStatusCode().value();
    }
}
