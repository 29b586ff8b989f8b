package vn.lienthong.hub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletContext;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.ServerRegistry;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.CryptoFactory;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.w3c.dom.Document;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureStep;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.post.WebhookSignature;

/**
 * The access matrix ({@code src/test/resources/access-matrix.csv}): every endpoint the hub maps is listed, every cell
 * is what a real request as that principal gets, and {@code docs/ACCESS.md} is the same matrix, readable. Requests
 * carry safe bodies: a grant answers with a validation error, a conflict or a not-found and changes nothing.
 */
class AccessMatrixIT extends HubIntegrationTest {

    static final Path DOC = Path.of("docs/ACCESS.md");
    static final Path RESULTS = Path.of("target/access-matrix-results.txt");
    static final String WRONG_KEY = "not-a-key-of-any-client-0000";
    static final Map<String, String> CLIENT_KEYS = Map.of("onestop", ONESTOP_KEY, "tax", TAX_KEY, "police", POLICE_KEY,
            "bhxh", BHXH_KEY, "vnpost", VNPOST_KEY, "axis", AXIS_KEY);
    static final List<String> OPERATORS = List.of("viewer", "operator", "admin");
    /** Simulated partners whose own API takes the hub's key at that partner (hub.partners.&lt;p&gt;.api-key). */
    static final Pattern SANDBOX_PARTNER_API = Pattern.compile("/sandbox/(police|bhxh|vnpost|tax)/(?!behaviour|messages).+");
    static final Pattern FAULT_CODE = Pattern.compile("<(?:\\w+:)?faultcode[^>]*>\\s*(?:[\\w.-]+:)?([\\w.-]+)\\s*</");
    static final Pattern FAULT_STRING = Pattern.compile("<(?:\\w+:)?faultstring[^>]*>\\s*([^<]*)</");
    /** WS-Security fault codes (OASIS WSS 1.1, section 12): the message's signature or token was not accepted. */
    static final Set<String> SECURITY_FAULTS = Set.of("InvalidSecurity", "InvalidSecurityToken", "FailedAuthentication",
            "FailedCheck", "SecurityTokenUnavailable", "UnsupportedSecurityToken", "UnsupportedAlgorithm",
            "MessageExpired", "SecurityError");

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    ApplicationContext context;
    @Autowired
    ServletContext servlets;
    @Autowired
    Bus bus;
    @Autowired
    DossierService dossiers;
    @Autowired
    CatalogService catalog;
    @Autowired
    Environment env;

    /** A named request body: its content type and bytes. */
    record Body(String contentType, String soapAction, String text) {
        static Body json(String text) {
            return new Body(MediaType.APPLICATION_JSON_VALUE, null, text);
        }
    }

    static final String DUMP = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=lienthong-hub,type=context,"
            + "name=\\\"lienthong-hub\\\"\",\"operation\":\"dumpRoutesAsXml(boolean)\",\"arguments\":[%s]}";

    static final Map<String, Body> BODIES = Map.ofEntries(
            Map.entry("json-empty", Body.json("{}")),
            // ACCEPT is only for a SUBMITTED dossier: a conflict (409) for the dossiers probed here
            Map.entry("illegal-event", Body.json("{\"eventId\":\"access-matrix-{uuid}\",\"type\":\"ACCEPT\",\"actor\":\"access.matrix\"}")),
            Map.entry("ndjson-empty", new Body("application/x-ndjson", null, "{}\n")),
            Map.entry("procedure-mismatch", Body.json("{\"code\":\"0.000000\"}")),
            Map.entry("agency-mismatch", Body.json("{\"code\":\"000.00.98.H56\"}")),
            Map.entry("calendar-day", Body.json("{\"kind\":\"HOLIDAY\",\"name\":\"access matrix\"}")),
            Map.entry("device-mismatch", Body.json("{\"deviceId\":\"another-device\"}")),
            Map.entry("behaviour-unknown", Body.json("{\"accessMatrixProbe\":true}")),
            Map.entry("submission-invalid", Body.json("{\"returnMethod\":\"NOWHERE\"}")),
            Map.entry("jolokia-read", Body.json("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}")),
            Map.entry("jolokia-exec", Body.json("{\"type\":\"exec\",\"mbean\":\"hub.access:type=NoSuchProbe\",\"operation\":\"reset\"}")),
            Map.entry("jolokia-dump", Body.json(DUMP.formatted("false"))),
            Map.entry("jolokia-dump-resolved", Body.json(DUMP.formatted("true"))),
            Map.entry("jolokia-proxy", Body.json("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi\"}}")),
            Map.entry("console-reason", Body.json("{\"reason\":\"access matrix\"}")),
            Map.entry("console-nothing", Body.json("{\"ids\":[],\"reason\":\"access matrix\"}")),
            Map.entry("console-no-reason", Body.json("{\"reason\":\"\"}")),
            // schema-invalid: CXF refuses it after the caller is admitted
            Map.entry("soap-tax", new Body("text/xml; charset=UTF-8", "\"urn:lienthong:tax:v1:SubmitTaxNotice\"", """
                    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\
                    <tax:SubmitTaxNotice xmlns:tax="urn:lienthong:tax:v1"/></soap:Body></soap:Envelope>""")),
            Map.entry("soap-land-obligation", new Body("text/xml; charset=UTF-8", null, """
                    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\
                    <tax:NoSuchOperation xmlns:tax="urn:lienthong:tax:v1"/></soap:Body></soap:Envelope>""")),
            // a session token the axis never issued: refused after the signature check
            Map.entry("soap-axis", new Body("text/xml; charset=UTF-8", "\"urn:lienthong:axis:v1:SyncDossier\"", """
                    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body>\
                    <ax:SyncDossier xmlns:ax="urn:lienthong:axis:v1"><ax:token>not-a-session-token-0000</ax:token>\
                    <ax:deliveryId>dlv-axis-access-{uuid}</ax:deliveryId><ax:dossier>\
                    <ax:dossierCode>000.00.09.H56-261122-9902</ax:dossierCode><ax:procedureCode>2.000559</ax:procedureCode>\
                    <ax:agencyCode>000.00.09.H56</ax:agencyCode><ax:applicant><ax:fullName>Nguyễn Văn An</ax:fullName>\
                    <ax:idNumber>038090001234</ax:idNumber></ax:applicant><ax:channel>1</ax:channel>\
                    <ax:receivedAt>20261122080000</ax:receivedAt><ax:status>2</ax:status><ax:feesVnd>0</ax:feesVnd>\
                    </ax:dossier></ax:SyncDossier></soap:Body></soap:Envelope>""")));

    /** What one request as one principal got. */
    record Cell(AccessMatrix.Row row, String principal, String expected, String actual, int status, String evidence,
                long millis, List<String> secretsShown) {
        boolean matches() {
            return expected.equals(actual);
        }

        @Override
        public String toString() {
            return String.format("%-9s %-6s %-55s expected %-3s got %-3s (HTTP %d %s; %d ms)", principal, row.method(),
                    row.request(), expected, actual, status, evidence, millis);
        }
    }

    // ---- 1. every endpoint has an access decision -----------------------------------------------------------------

    @Test
    void everyEndpointTheHubMapsIsInTheMatrix() {
        long started = System.nanoTime();
        List<AccessMatrix.Row> rows = AccessMatrix.load();
        Set<String> mapped = mappedEndpoints();
        Set<String> listed = rows.stream().map(AccessMatrix.Row::endpoint).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listedPatterns = rows.stream().map(AccessMatrix.Row::pattern).collect(Collectors.toSet());

        List<String> missing = mapped.stream()
                .filter(e -> e.startsWith("* ") ? !listedPatterns.contains(e.substring(2)) : !listed.contains(e))
                .toList();
        List<String> stale = listed.stream()
                .filter(e -> !mapped.contains(e) && !mapped.contains("* " + e.substring(e.indexOf(' ') + 1)))
                .toList();
        System.out.printf("Access matrix: the hub maps %d endpoints; the matrix lists %d (%d rows); %d ms%n",
                mapped.size(), listed.size(), rows.size(), (System.nanoTime() - started) / 1_000_000);
        assertThat(missing).as("endpoints the hub maps that %s does not list: add a row with its access decision",
                AccessMatrix.RESOURCE).isEmpty();
        assertThat(stale).as("rows of %s for endpoints the hub no longer maps", AccessMatrix.RESOURCE).isEmpty();
    }

    /**
     * "METHOD pattern" of everything the hub answers: Spring MVC and Actuator handler methods, URL handler mappings
     * (static resources, Hawtio), servlets other than Spring's, and each service on the CXF servlet. "*" = any method.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    Set<String> mappedEndpoints() {
        Set<String> mapped = new TreeSet<>();
        for (AbstractHandlerMethodMapping mapping : context.getBeansOfType(AbstractHandlerMethodMapping.class).values()) {
            for (Object key : mapping.getHandlerMethods().keySet()) {
                if (!(key instanceof RequestMappingInfo info)) {
                    throw new IllegalStateException("a handler mapping of an unknown kind: " + key);
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        mapped.add("* " + pattern);
                    }
                    methods.forEach(m -> mapped.add(m.name() + " " + pattern));
                }
            }
        }
        for (AbstractUrlHandlerMapping mapping : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
            mapping.getHandlerMap().keySet().forEach(pattern -> mapped.add("* " + pattern));
        }
        // the CXF servlet's own pages (its list of services) and, below, each service it carries
        servlets.getServletRegistrations().values().forEach(servlet ->
                servlet.getMappings().stream().filter(m -> !m.equals("/")).forEach(m -> mapped.add("* " + m)));
        String cxfPath = env.getProperty("cxf.path", "/services");
        bus.getExtension(ServerRegistry.class).getServers().forEach(server -> {
            String address = server.getEndpoint().getEndpointInfo().getAddress();
            int at = address.indexOf(cxfPath + "/");
            mapped.add("* " + (at >= 0 ? address.substring(at) : cxfPath + address));
        });
        return mapped;
    }

    // ---- 2. every cell ----------------------------------------------------------------------------------------------

    @Test
    void everyCellIsWhatTheMatrixSays() throws Exception {
        long setUp = System.nanoTime();
        List<AccessMatrix.Row> rows = AccessMatrix.load();
        Map<String, String> targets = Map.of("{counter}", counterDossier(), "{policeStep}", policeStep());
        Map<String, String> secrets = secrets();
        Map<String, ConsoleSession> sessions = new LinkedHashMap<>();
        for (String operator : OPERATORS) {
            sessions.put(operator, ConsoleSession.login(baseUrl(), operator, PASSWORD));
        }

        System.out.printf("Access matrix: dossiers and console sessions ready in %d ms%n",
                (System.nanoTime() - setUp) / 1_000_000);
        long started = System.nanoTime();
        List<Future<Cell>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (AccessMatrix.Row row : rows) {
                for (String principal : AccessMatrix.PRINCIPALS) {
                    String expected = row.expected().get(principal);
                    boolean hasCredential = !"partner".equals(principal) || partnerCredentialApplies(row);
                    assertThat(hasCredential).as("%s: the partner cell is '-' exactly where no partner credential "
                            + "exists", row).isEqualTo(!"-".equals(expected));
                    if (!"-".equals(expected)) {
                        futures.add(pool.submit(() -> probe(row, principal, targets, sessions, secrets)));
                    }
                }
            }
            List<Cell> cells = new ArrayList<>();
            for (Future<Cell> f : futures) {
                cells.add(f.get());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<Cell> wrong = cells.stream().filter(c -> !c.matches()).toList();
            Set<String> endpoints = rows.stream().map(AccessMatrix.Row::endpoint).collect(Collectors.toSet());
            System.out.printf("Access matrix: %d cells checked (%d rows, %d endpoints, %d principals) in %d ms; %d wrong%n",
                    cells.size(), rows.size(), endpoints.size(), AccessMatrix.PRINCIPALS.size(), millis, wrong.size());
            wrong.forEach(c -> System.out.println("  WRONG " + c));
            // the safe bodies should make every write that passes security fail its validation: list those that did not
            cells.stream().filter(c -> !"GET".equals(c.row().method()) && "ok".equals(c.actual()) && c.status() / 100 == 2)
                    .forEach(c -> System.out.println("  a write answered 2xx: " + c));
            cells.stream().sorted(java.util.Comparator.comparingLong(Cell::millis).reversed()).limit(5)
                    .forEach(c -> System.out.println("  slowest: " + c));
            Files.createDirectories(RESULTS.getParent());
            Files.write(RESULTS, cells.stream().map(Cell::toString).toList());
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(wrong).as("cells of %s that the hub does not honour (all cells: %s)",
                        AccessMatrix.RESOURCE, RESULTS).isEmpty();
                soft.assertThat(cells.stream().filter(c -> !c.secretsShown().isEmpty())
                        .map(c -> c.secretsShown() + " in the answer to " + c).toList())
                        .as("no answer, to anyone, shows a secret of the hub").isEmpty();
                // a refusal is a 4xx with its reason; only a SOAP fault travels on a 500, as SOAP 1.1 has it
                soft.assertThat(cells.stream().filter(c -> c.status() / 100 == 5 && !c.evidence().startsWith("fault "))
                        .map(Cell::toString).toList())
                        .as("no answer but a SOAP fault is a 5xx").isEmpty();
            });
        } finally {
            pool.shutdownNow();
        }
    }

    Cell probe(AccessMatrix.Row row, String principal, Map<String, String> targets, Map<String, ConsoleSession> sessions,
            Map<String, String> secrets) throws Exception {
        long started = System.nanoTime();
        String path = fill(row.request(), targets);
        Body named = "none".equals(row.body()) ? null : BODIES.get(row.body());
        if (!"none".equals(row.body()) && named == null) {
            throw new IllegalArgumentException(row + ": no body named " + row.body() + " in AccessMatrixIT.BODIES");
        }
        byte[] body = named == null ? null : fill(named.text(), targets).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*");
        if (named != null) {
            request.header("Content-Type", named.contentType());
            if (named.soapAction() != null) {
                request.header("SOAPAction", named.soapAction());
            }
        }
        switch (principal) {
            case "anonymous" -> { }
            case "wrong-key" -> request.header("X-API-Key", WRONG_KEY);
            case "viewer", "operator", "admin" -> {
                if (consolePath(path)) {
                    sessions.get(principal).sign(request, !"GET".equals(row.method()));
                } else {
                    request.header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((principal + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
                }
            }
            case "partner" -> body = partnerCredential(row, request, body);
            default -> request.header("X-API-Key", CLIENT_KEYS.get(principal));
        }
        request.method(row.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> res = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = res.headers().firstValue("Content-Type").orElse("");
        String text;
        try (InputStream in = res.body()) {
            // the live view streams for ever: its headers say enough
            text = contentType.startsWith("text/event-stream") ? "" : new String(in.readNBytes(512 * 1024), StandardCharsets.UTF_8);
        }
        String location = res.headers().firstValue("Location").orElse(null);
        String actual = classify(res.statusCode(), location, text);
        List<String> shown = secrets.entrySet().stream().filter(s -> text.contains(s.getValue()))
                .map(Map.Entry::getKey).toList();
        return new Cell(row, principal, row.expected().get(principal), actual, res.statusCode(),
                evidence(location, text), (System.nanoTime() - started) / 1_000_000, shown);
    }

    static String evidence(String location, String body) {
        if (location != null) {
            return "→ " + location;
        }
        Matcher code = FAULT_CODE.matcher(body);
        Matcher string = FAULT_STRING.matcher(body);
        if (code.find()) {
            return "fault " + code.group(1) + ": " + (string.find() ? string.group(1).strip() : "");
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.substring(0, Math.min(160, flat.length()));
    }

    /**
     * ok = passed security; 401 = not authenticated (or sent to the login form); 403 = refused. A SOAP service refuses
     * with a fault: {@code forbidden} (the tax service's admission) is a 403, a WS-Security fault a 401.
     */
    static String classify(int status, String location, String body) {
        if (status == 401 || status == 403) {
            return String.valueOf(status);
        }
        if (status / 100 == 3 && location != null && "/login".equals(URI.create(location).getPath())) {
            return "401";
        }
        Matcher code = FAULT_CODE.matcher(body);
        if (code.find()) {
            Matcher string = FAULT_STRING.matcher(body);
            if (string.find() && string.group(1).strip().startsWith("forbidden")) {
                return "403";
            }
            if (SECURITY_FAULTS.contains(code.group(1))) {
                return "401";
            }
        }
        return "ok";
    }

    /** Requests the hub's chains for people handle (the console's session), as opposed to the API and Actuator ones. */
    static boolean consolePath(String path) {
        return !(path.startsWith("/api/") || path.startsWith("/services") || path.startsWith("/sandbox/")
                || path.startsWith("/actuator"));
    }

    boolean partnerCredentialApplies(AccessMatrix.Row row) {
        return row.pattern().equals("/api/v1/post/events")
                || row.pattern().startsWith("/sandbox/axis/soap") && "POST".equals(row.method())
                || SANDBOX_PARTNER_API.matcher(row.pattern()).matches() && "POST".equals(row.method());
    }

    /** The partner's own credential on the request; returns the body to send (signed, for the national axis). */
    byte[] partnerCredential(AccessMatrix.Row row, HttpRequest.Builder request, byte[] body) throws Exception {
        if (row.pattern().equals("/api/v1/post/events")) {
            request.header(WebhookSignature.HEADER, "sha256=" + WebhookSignature.sign(
                    env.getRequiredProperty("hub.post.webhook-secret"), body));
            return body;
        }
        if (row.pattern().startsWith("/sandbox/axis/soap")) {
            return signedByTheHub(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        Matcher partner = SANDBOX_PARTNER_API.matcher(row.pattern());
        if (partner.matches()) {
            request.header("X-API-Key", env.getRequiredProperty("hub.partners." + partner.group(1) + ".api-key"));
            return body;
        }
        throw new IllegalStateException(row + ": no partner credential for " + row.pattern());
    }

    /** Every secret the hub is configured with (name → value): none may appear in any answer. */
    Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        CLIENT_KEYS.forEach((client, key) -> secrets.put("API key of " + client, key));
        secrets.put("operators' password", PASSWORD);
        for (String p : List.of("hub.partners.police.api-key", "hub.partners.bhxh.api-key", "hub.partners.tax.api-key",
                "hub.partners.vnpost.api-key", "hub.post.webhook-secret", "hub.axis.keystore.password",
                "hub.axis.truststore.password", "spring.artemis.password")) {
            String value = env.getProperty(p);
            if (value != null && value.length() >= 8) {
                secrets.put(p, value);
            }
        }
        return secrets;
    }

    static String fill(String text, Map<String, String> targets) {
        String out = text.replace("{uuid}", UUID.randomUUID().toString());
        for (Map.Entry<String, String> t : targets.entrySet()) {
            out = out.replace(t.getKey(), t.getValue());
        }
        return out;
    }

    // ---- 3. the readable copy ------------------------------------------------------------------------------------

    @Test
    void theAccessDocIsTheMatrix() throws IOException {
        String markdown = AccessMatrix.markdown(AccessMatrix.load());
        if (Boolean.getBoolean("access.write-doc")) {
            Files.writeString(DOC, markdown);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("%s is generated from %s: run this test with -Daccess.write-doc=true and commit it", DOC,
                        AccessMatrix.RESOURCE)
                .isEqualTo(markdown);
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    /** A dossier received at a counter (civil status, no inter-agency step): routed to no partner. */
    String counterDossier() {
        return created("1.004873");
    }

    /**
     * The police step of a birth registration (birth → residence → health-insurance card), created as the inter-agency
     * flow creates it (at most one child per step: the flow, seeing the same dossier, finds this one).
     */
    String policeStep() {
        String parent = created("2.002621");
        ProcedureStep step = catalog.currentProcedure("2.002621").orElseThrow().steps().get(0);
        assertThat(step.partner()).isEqualTo("police");
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
        Agency police = catalog.agencies().stream().filter(a -> "police".equals(a.partner()) && a.validOn(today))
                .findFirst().orElseThrow();
        return dossiers.createStep(parent, step.order(), "police", police.code(), step.timeLimit(), "access-matrix").code();
    }

    private String created(String procedure) {
        Map<String, Object> body = Map.of("procedureCode", procedure, "channel", "DIRECT", "returnMethod", "COUNTER",
                "applicant", Map.of("fullName", "Nguyễn Văn An", "idNumber", "038090001234", "phone", "0912345678",
                        "address", "Phường Hạc Thành, Thanh Hóa"));
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as("%s", res.getBody()).isEqualTo(201);
        return res.getBody().path("code").asText();
    }

    /** Signs like the hub signs for the national axis: a Timestamp, then an X.509 signature over it and the Body. */
    String signedByTheHub(String envelope) throws Exception {
        WSSConfig.init();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
        WSSecHeader header = new WSSecHeader(doc);
        header.insertSecurityHeader();
        WSSecTimestamp timestamp = new WSSecTimestamp(header);
        timestamp.setTimeToLive(300);
        timestamp.build();
        String password = env.getRequiredProperty("hub.axis.keystore.password");
        Properties props = new Properties();
        props.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
        props.put("org.apache.wss4j.crypto.merlin.keystore.type", "PKCS12");
        props.put("org.apache.wss4j.crypto.merlin.keystore.file", env.getRequiredProperty("hub.axis.keystore.path"));
        props.put("org.apache.wss4j.crypto.merlin.keystore.password", password);
        Crypto crypto = CryptoFactory.getInstance(props);
        WSSecSignature signature = new WSSecSignature(header);
        signature.setUserInfo(env.getRequiredProperty("hub.axis.keystore.alias"), password);
        signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
        signature.setSignatureAlgorithm(WSConstants.RSA_SHA256);
        signature.setDigestAlgo(WSConstants.SHA256);
        signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, "Element"));
        signature.getParts().add(new WSEncryptionPart("Body", "http://schemas.xmlsoap.org/soap/envelope/", "Element"));
        signature.build(crypto);
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    /** An operator signed in through the console's login form, like a browser: its cookies and CSRF token. */
    record ConsoleSession(String cookies, String csrfToken) {

        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

        static ConsoleSession login(String base, String user, String password) throws Exception {
            Map<String, String> jar = new LinkedHashMap<>();
            HttpResponse<String> form = send(jar, HttpRequest.newBuilder(URI.create(base + "/login")).GET());
            Matcher csrf = CSRF_FIELD.matcher(form.body());
            assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
            String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
            HttpResponse<String> res = send(jar, HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(res.statusCode()).as("login of %s", user).isEqualTo(302);
            assertThat(res.headers().firstValue("Location").orElse("")).endsWith("/console");
            // a page of the console hands the session's CSRF token to its script in the XSRF-TOKEN cookie
            assertThat(send(jar, HttpRequest.newBuilder(URI.create(base + "/console/routes")).GET()).statusCode())
                    .isEqualTo(200);
            assertThat(jar).containsKeys("JSESSIONID", "XSRF-TOKEN");
            return new ConsoleSession(jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")), jar.get("XSRF-TOKEN"));
        }

        void sign(HttpRequest.Builder request, boolean unsafe) {
            request.header("Cookie", cookies);
            if (unsafe) {
                request.header("X-XSRF-TOKEN", csrfToken);
            }
        }

        private static HttpResponse<String> send(Map<String, String> jar, HttpRequest.Builder b) throws Exception {
            if (!jar.isEmpty()) {
                b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> res = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String set : res.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
            return res;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
