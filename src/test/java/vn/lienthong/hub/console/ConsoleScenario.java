package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.TextMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * What the console's tests share (same single Spring context as every integration test): dossiers made through the
 * one-stop-shop API, a police delivery parked on its dead-letter queue as {@code DeadLetters} parks one, and a
 * console session logged in through the login form like a browser.
 */
abstract class ConsoleScenario extends HubIntegrationTest {

    /** Giấy xác nhận tình trạng hôn nhân: 3 working days, no inter-agency steps. */
    static final String PROCEDURE = "1.004873";

    @Autowired
    protected JmsTemplate jms;
    @Autowired
    protected ObjectMapper json;

    /** A dossier received at the counter and started (IN_PROGRESS), as the partner results expect. */
    protected String startedDossier() {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Nguyễn Văn An");
        applicant.put("idNumber", "038090001234");
        applicant.put("phone", "0912345678");
        applicant.put("address", "Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("procedureCode", PROCEDURE);
        body.put("applicant", applicant);
        body.put("channel", "DIRECT");
        body.put("returnMethod", "COUNTER");
        ResponseEntity<JsonNode> created = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
        String code = created.getBody().path("code").asText();
        ResponseEntity<JsonNode> started = onestop().post().uri("/api/v1/dossiers/" + code + "/events")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("eventId", UUID.randomUUID().toString(), "type", "START", "actor", "officer.lan"))
                .retrieve().toEntity(JsonNode.class);
        assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(200);
        return code;
    }

    /**
     * A police delivery for the dossier, exhausted and parked as {@code DeadLetters} parks one: the delivery JSON of
     * docs/PARTNERS.md on {@code DLQ.hub.outbound.police} with the dead-letter headers, its row PARKED.
     */
    protected String parkPoliceDelivery(String dossier) throws Exception {
        String deliveryId = "dlv-police-console-" + UUID.randomUUID();
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("fullName", "Nguyễn Minh Khôi");
        person.put("dateOfBirth", "2026-11-02");
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Nguyễn Văn An");
        applicant.put("idNumber", "038090001234");
        applicant.put("phone", "0912345678");
        applicant.put("address", "Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dossierCode", dossier);
        request.put("parentCode", null);
        request.put("procedureCode", "1.004222");
        request.put("person", person);
        request.put("applicant", applicant);
        request.put("address", "Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("deliveryId", deliveryId);
        delivery.put("partner", "police");
        delivery.put("kind", "RESIDENCE_REGISTRATION");
        delivery.put("dossierCode", dossier);
        delivery.put("parentCode", null);
        delivery.put("stepOrder", 1);
        delivery.put("createdAt", Instant.now().toString());
        delivery.put("request", request);
        String body = json.writeValueAsString(delivery);
        String reason = "HttpOperationFailedException: HTTP operation failed invoking police with statusCode: 503";
        jdbc.update("""
                insert into partner_delivery (delivery_id, partner, dossier_code, kind, status, attempts, last_error)
                values (?, 'police', ?, 'RESIDENCE_REGISTRATION', 'PARKED', 11, ?)""", deliveryId, dossier, reason);
        jdbc.update("""
                insert into message_log (partner, direction, dossier_code, delivery_id, message_type, payload_digest,
                  payload, outcome, attempt, detail) values ('police', 'OUT', ?, ?, 'DEAD_LETTER', 'test', ?, 'PARKED', 11, ?)""",
                dossier, deliveryId, body, reason);
        jms.send("DLQ.hub.outbound.police", session -> {
            TextMessage m = session.createTextMessage(body);
            m.setStringProperty("HubDeadLetterReason", reason);
            m.setStringProperty("HubFailedAt", Instant.now().toString());
            m.setStringProperty("HubFailedRoute", "agency-deliver-police");
            m.setIntProperty("HubAttempts", 11);
            m.setStringProperty("HubDeliveryId", deliveryId);
            m.setStringProperty("HubDossierCode", dossier);
            m.setStringProperty("JMSXGroupID", dossier);
            return m;
        });
        return deliveryId;
    }

    protected String deliveryStatus(String deliveryId) {
        List<String> s = jdbc.queryForList("select status from partner_delivery where delivery_id = ?", String.class,
                deliveryId);
        return s.isEmpty() ? null : s.get(0);
    }

    /** The JMS message id of a delivery waiting on a DLQ, or null. */
    protected String deadLetterId(String partner, String deliveryId) {
        return jms.browseSelected("DLQ.hub.outbound." + partner, "HubDeliveryId = '" + deliveryId + "'",
                (session, browser) -> {
                    var e = browser.getEnumeration();
                    return e.hasMoreElements() ? ((jakarta.jms.Message) e.nextElement()).getJMSMessageID() : null;
                });
    }

    protected Session login(String user) throws Exception {
        return Session.login(baseUrl(), user, PASSWORD);
    }

    /** A browser-like session on the console: cookies kept, CSRF token from the XSRF-TOKEN cookie. */
    static final class Session {

        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private final String base;

        private Session(String base) {
            this.base = base;
        }

        static Session login(String base, String user, String password) throws Exception {
            Session s = new Session(base);
            HttpResponse<String> form = s.get("/login");
            assertThat(form.statusCode()).isEqualTo(200);
            Matcher m = CSRF_FIELD.matcher(form.body());
            assertThat(m.find()).as("the login form carries a CSRF token").isTrue();
            String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
            HttpResponse<String> res = s.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(res.statusCode()).as("login of %s", user).isEqualTo(302);
            assertThat(res.headers().firstValue("Location").orElse("")).endsWith("/console");
            return s;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json, text/html")
                    .GET());
        }

        /** A stream of Server-Sent Events, line by line, as a browser's EventSource opens it (its cookies sent). */
        HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
            withCookies(b);
            return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
        }

        HttpResponse<String> post(String path, Object body, boolean withCsrf) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)));
            if (withCsrf) {
                b.header("X-XSRF-TOKEN", cookies.getOrDefault("XSRF-TOKEN", ""));
            }
            return send(b);
        }

        JsonNode json(HttpResponse<String> res) throws IOException {
            return new ObjectMapper().readTree(res.body());
        }

        private void withCookies(HttpRequest.Builder b) {
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
        }

        private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
            withCookies(b);
            HttpResponse<String> res = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String set : res.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
            return res;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
