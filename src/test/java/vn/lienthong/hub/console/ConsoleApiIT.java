package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The console over HTTP, without a browser: who may reach the console, Hawtio and Jolokia; CSRF and roles on every
 * action; the audit of each action; a dead letter replayed and another discarded through the console's API.
 */
class ConsoleApiIT extends ConsoleScenario {

    @Autowired
    CamelContext camel;

    private HttpResponse<String> anonymous(String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(method, "POST".equals(method)
                ? HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}") : HttpRequest.BodyPublishers.noBody());
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void refused(HttpResponse<String> res) {
        int status = res.statusCode();
        String location = res.headers().firstValue("Location").orElse("");
        assertThat(status == 401 || status == 403 || (status == 302 && URI.create(location).getPath().equals("/login")))
                .as("%s %s refused: %s %s", res.request().method(), res.request().uri(), status, location).isTrue();
    }

    @Test
    void anonymousRequestsToTheConsoleHawtioAndJolokiaAreRefused() throws Exception {
        for (String path : List.of("/console", "/console/routes", "/console/dead-letters", "/console/api/routes",
                "/console/api/dead-letters?partner=police", "/console/api/live", "/actuator/hawtio",
                "/actuator/hawtio/", "/actuator/hawtio/index.html", "/actuator/hawtio/jolokia/version",
                "/actuator/jolokia", "/actuator/jolokia/version",
                "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage")) {
            refused(anonymous("GET", path, null));
            refused(anonymous("GET", path, "text/html,application/xhtml+xml"));
        }
        for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia", "/console/api/routes/dossier-outbox-purge/suspend")) {
            refused(anonymous("POST", path, "application/json"));
        }
        // a browser asking for Hawtio is sent to the login form
        HttpResponse<String> page = anonymous("GET", "/actuator/hawtio/", "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(URI.create(page.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/login");
        assertThat(anonymous("GET", "/actuator/jolokia", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginPageIsOursInVietnameseWithEnglishAvailable() throws Exception {
        HttpResponse<String> vi = anonymous("GET", "/login", "text/html");
        assertThat(vi.statusCode()).isEqualTo(200);
        assertThat(vi.body()).contains("Đăng nhập").contains("Mật khẩu").contains("name=\"_csrf\"");
        HttpResponse<String> en = anonymous("GET", "/login?lang=en", "text/html");
        assertThat(en.body()).contains("Log in").contains("Password");
    }

    @Test
    void aViewerMayReadJolokiaButNotOperate() {
        RestClient viewer = asOperator("viewer");
        assertThat(viewer.get().uri("/actuator/jolokia/version").retrieve().toEntity(JsonNode.class).getStatusCode().value())
                .isEqualTo(200);
        JsonNode read = viewer.post().uri("/actuator/jolokia").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage"))
                .retrieve().body(JsonNode.class);
        assertThat(read.path("status").asInt()).isEqualTo(200);
        for (Object body : List.of(
                Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc"),
                Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose", "value", true),
                List.of(Map.of("type", "version"), Map.of("type", "EXEC", "mbean", "java.lang:type=Memory", "operation", "gc")))) {
            assertThat(viewer.post().uri("/actuator/jolokia").contentType(MediaType.APPLICATION_JSON).body(body)
                    .retrieve().toBodilessEntity().getStatusCode().value()).as("viewer %s", body).isEqualTo(403);
        }
        assertThat(viewer.get().uri("/actuator/jolokia/exec/java.lang:type=Memory/gc").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
        // proxy requests to other agents: nobody
        assertThat(asOperator("admin").post().uri("/actuator/jolokia").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage",
                        "target", Map.of("url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi")))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void anOperatorMayOperateThroughJolokiaAndItIsAudited() {
        JsonNode res = asOperator("operator").post().uri("/actuator/jolokia").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc"))
                .retrieve().body(JsonNode.class);
        assertThat(res.path("status").asInt()).as(String.valueOf(res)).isEqualTo(200);
        assertThat(jdbc.queryForObject("""
                select count(*) from operator_audit where who = 'operator' and action = 'JOLOKIA_EXEC'
                  and target = 'java.lang:type=Memory gc'""", Long.class)).isPositive();
    }

    @Test
    void hawtioIsServedToOperators() {
        var res = asOperator("viewer").get().uri("/actuator/hawtio/index.html").retrieve().toEntity(String.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        assertThat(res.getBody()).containsIgnoringCase("hawtio");
    }

    @Test
    void actionsNeedTheSessionsCsrfTokenAndAnOperatorAndAreAudited() throws Exception {
        String route = "dossier-outbox-purge";
        Session operator = login("operator");
        assertThat(operator.post("/console/api/routes/" + route + "/suspend", Map.of(), false).statusCode())
                .as("no CSRF token").isEqualTo(403);
        Session viewer = login("viewer");
        assertThat(viewer.get("/console/api/routes").statusCode()).isEqualTo(200);
        assertThat(viewer.post("/console/api/routes/" + route + "/suspend", Map.of(), true).statusCode())
                .as("a viewer").isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);

        HttpResponse<String> suspended = operator.post("/console/api/routes/" + route + "/suspend",
                Map.of("reason", "console test"), true);
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Suspended);
        assertThat(operator.post("/console/api/routes/" + route + "/suspend", Map.of(), true).statusCode())
                .as("not while suspended").isEqualTo(409);
        HttpResponse<String> resumed = operator.post("/console/api/routes/" + route + "/resume", Map.of(), true);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);

        List<Map<String, Object>> audit = jdbc.queryForList("""
                select action, before_state, after_state, reason, outcome from operator_audit
                where who = 'operator' and target = ? order by id""", "route " + route);
        assertThat(audit).extracting(a -> a.get("action") + " " + a.get("before_state") + "→" + a.get("after_state")
                + " " + a.get("outcome")).containsSubsequence("ROUTE_SUSPEND Started→Suspended OK",
                "ROUTE_SUSPEND Suspended→Suspended FAILED", "ROUTE_RESUME Suspended→Started OK");
        assertThat(audit.get(0).get("reason")).isEqualTo("console test");
        JsonNode page = operator.json(operator.get("/console/api/audit?target=" + route));
        assertThat(page.path("entries").get(0).path("action").asText()).isEqualTo("ROUTE_RESUME");
    }

    @Test
    void aDeadLetterIsReplayedAnotherDiscardedAndAViewerSeesThemMasked() throws Exception {
        String dossier = startedDossier();
        String replayed = parkPoliceDelivery(dossier);
        String discarded = parkPoliceDelivery(dossier);

        Session viewer = login("viewer");
        JsonNode seen = viewer.json(viewer.get("/console/api/dead-letters?partner=police"));
        JsonNode letter = null;
        for (JsonNode l : seen.path("letters")) {
            if (replayed.equals(l.path("deliveryId").asText())) {
                letter = l;
            }
        }
        assertThat(letter).as("listed: %s", seen).isNotNull();
        assertThat(letter.path("reason").asText()).contains("503");
        assertThat(letter.path("attempts").asInt()).isEqualTo(11);
        assertThat(letter.path("payload").asText()).doesNotContain("Nguyễn Văn An").doesNotContain("038090001234")
                .doesNotContain("0912345678").contains("N*** V*** A***").contains("*********234");
        assertThat(seen.path("masked").asBoolean()).isTrue();
        assertThat(viewer.post("/console/api/dead-letters/police/replay",
                Map.of("ids", List.of(letter.path("messageId").asText())), true).statusCode()).isEqualTo(403);

        Session operator = login("operator");
        JsonNode full = operator.json(operator.get("/console/api/dead-letters?partner=police"));
        assertThat(full.toString()).contains("Nguyễn Văn An");
        HttpResponse<String> replay = operator.post("/console/api/dead-letters/police/replay",
                Map.of("ids", List.of(deadLetterId("police", replayed)), "reason", "police back up"), true);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(operator.json(replay).path("results").get(0).path("done").asBoolean()).as(replay.body()).isTrue();
        assertThat(deadLetterId("police", replayed)).isNull();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(deliveryStatus(replayed)).isEqualTo("DELIVERED"));

        assertThat(operator.post("/console/api/dead-letters/police/discard",
                Map.of("ids", List.of(deadLetterId("police", discarded))), true).statusCode())
                .as("a discard needs a reason").isEqualTo(400);
        HttpResponse<String> discard = operator.post("/console/api/dead-letters/police/discard",
                Map.of("ids", List.of(deadLetterId("police", discarded)), "reason", "sent twice by mistake"), true);
        assertThat(discard.statusCode()).as(discard.body()).isEqualTo(200);
        assertThat(deliveryStatus(discarded)).isEqualTo("DISCARDED");
        assertThat(deadLetterId("police", discarded)).isNull();

        assertThat(jdbc.queryForList("select action || ' ' || outcome || ' ' || coalesce(reason, '') from operator_audit "
                + "where who = 'operator' and (target like ? or target like ?) order by id", String.class,
                "%" + replayed, "%" + discarded))
                .contains("DLQ_REPLAY OK police back up", "DLQ_DISCARD OK sent twice by mistake");
        JsonNode timeline = operator.json(operator.get("/console/api/dossiers/" + dossier));
        assertThat(timeline.path("timeline").toString()).contains("REQUEUED").contains("DELIVERED").contains("DISCARDED");
    }

    @Test
    void firstLooksAtAPartnersDeadLettersAtOnceAllAnswer() throws Exception {
        // partners whose dead-letter queue does not exist yet: each look has the broker create it, and all but one of
        // those that come at once were told it exists already (a 500 until 2026-12-06)
        int n = 8;
        List<Session> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(login("viewer"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 3; round++) {
                String partner = "race" + Long.toString(System.nanoTime(), 36);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
                for (Session s : sessions) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return s.get("/console/api/dead-letters?partner=" + partner);
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<HttpResponse<String>> a : answers) {
                    HttpResponse<String> res = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body()).path("letters").size())
                            .isZero();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aParkedMessageIsDiscardedWithAReason() throws Exception {
        Long id = jdbc.queryForObject("""
                insert into parked_message (source, route_id, reason, body) values ('hcc/hcc/rating/pad-07', 'device-ingest-message',
                'not valid against its schema', '{"deviceId":"pad-07","rating":"MAYBE"}') returning id""", Long.class);
        Session operator = login("operator");
        JsonNode devices = operator.json(operator.get("/console/api/devices"));
        assertThat(devices.path("parked").toString()).contains("pad-07");
        HttpResponse<String> res = operator.post("/console/api/parked/" + id + "/discard", Map.of("reason", "test device"), true);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select status || ' ' || resolved_by from parked_message where id = ?", String.class, id))
                .isEqualTo("DISCARDED operator");
        assertThat(operator.post("/console/api/parked/" + id + "/discard", Map.of("reason", "again"), true).statusCode())
                .isEqualTo(409);
    }

    @Test
    void everyPageAnswersEvenWhereAFeatureIsMissing() throws Exception {
        Session viewer = login("viewer");
        for (String page : List.of("routes", "connectors", "dead-letters", "devices", "dossiers", "live", "audit")) {
            HttpResponse<String> res = viewer.get("/console/" + page);
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            assertThat(res.body()).as(page).contains("console.js").doesNotContain("data-action=");
        }
        JsonNode connectors = viewer.json(viewer.get("/console/api/connectors"));
        assertThat(connectors.path("connectors").findValuesAsText("partner")).contains("tax", "police", "bhxh", "vnpost", "axis");
        for (JsonNode c : connectors.path("connectors")) {
            if ("police".equals(c.path("partner").asText())) {
                assertThat(c.path("route").asText()).isEqualTo("agency-deliver-police");
                assertThat(c.path("circuit").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
                assertThat(c.path("queueDepth").isNumber()).isTrue();
            }
        }
        JsonNode devices = viewer.json(viewer.get("/console/api/devices"));
        assertThat(devices.has("available")).isTrue();
        assertThat(viewer.get("/console/api/dossiers/NO-SUCH-DOSSIER-0000").statusCode()).isEqualTo(404);
    }

    /**
     * The live view, as a browser's EventSource sees it: a new dossier's events arrive within seconds, in the order
     * they happened (the feed's consumer takes the topic's events a batch at a time), and a later subscriber finds
     * them among the recent ones.
     */
    @Test
    void theLiveFeedShowsANewDossiersEventsInOrder() throws Exception {
        Session viewer = login("viewer");
        HttpResponse<java.util.stream.Stream<String>> feed = viewer.stream("/console/api/live");
        assertThat(feed.statusCode()).isEqualTo(200);
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> feed.body().forEach(lines::add), "live-feed-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(":connected");
            String code = startedDossier();
            List<String> events = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < 2 && System.nanoTime() < deadline) {
                String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (line != null && line.startsWith("data:")) {
                    JsonNode item = json.readTree(line.substring(5));
                    if (code.equals(item.path("code").asText())) {
                        events.add(item.path("event").asText() + " " + item.path("status").asText());
                    }
                }
            }
            assertThat(events).containsExactly("RECEIVE RECEIVED", "START IN_PROGRESS");
            JsonNode recent = viewer.json(viewer.get("/console/api/live/recent"));
            assertThat(recent.path("events").findValuesAsText("code")).contains(code);
        } finally {
            reader.interrupt();
            feed.body().close();
        }
    }
}
