package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import vn.lienthong.hub.platform.MqttConnection;

/**
 * The console in a real browser (headless Chromium through chromedriver, Debian's {@code chromium} and
 * {@code chromium-driver}): a new operator logs in, sees every route with live figures, suspends and resumes one,
 * replays a parked police delivery and finds it delivered on the dossier's timeline, looks a dossier up; a viewer sees
 * no action and cannot act; after logout nothing is reachable. Without Chromium the tests are skipped locally and fail
 * in CI. With {@code -Dconsole.screenshots=true} each page is saved to {@code docs/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT extends ConsoleScenario {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final boolean SCREENSHOTS = Boolean.getBoolean("console.screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final String DEVICE_PASSWORD = "console-demo-device-password";

    private static ChromeDriverService service;
    private static ChromeDriver driver;

    @Autowired
    CamelContext camel;
    @Autowired
    Tables tables;
    @Autowired
    MqttConnection mqtt;

    @BeforeAll
    static void browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if (System.getenv("CI") != null) {
                fail("The browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): .ci/run installs them");
            }
            Assumptions.abort("chromium / chromium-driver not installed: the console's browser tests are skipped");
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--lang=vi-VN");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120)).scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private void open(String path) {
        driver.get(baseUrl() + path);
    }

    private <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .until(condition);
    }

    private WebElement waitFor(By by) {
        return waitUntil(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Clicks what the page keeps re-rendering (every two seconds) until the expected effect shows. */
    private void clickUntil(By target, By effect) {
        waitUntil(d -> {
            if (!d.findElements(effect).isEmpty()) {
                return true;
            }
            d.findElement(target).click();
            return !d.findElements(effect).isEmpty();
        });
    }

    private void confirm(String reason) {
        WebElement dialog = waitFor(By.cssSelector("dialog#confirm[open]"));
        if (reason != null) {
            WebElement text = dialog.findElement(By.id("confirm-reason"));
            text.clear();
            text.sendKeys(reason);
        }
        dialog.findElement(By.id("confirm-ok")).click();
        waitUntil(d -> d.findElements(By.cssSelector("dialog#confirm[open]")).isEmpty());
    }

    private void loginAs(String user) {
        driver.manage().deleteAllCookies();
        open("/login");
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        waitUntil(d -> d.getCurrentUrl().contains("/console/routes"));
        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo(user);
    }

    private void shot(String name) throws IOException {
        if (!SCREENSHOTS) {
            return;
        }
        Path dir = Path.of(System.getProperty("basedir", "."), "docs", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** A device's heartbeat (schemas/json/device-status.schema.json), published as the device, QoS 1. */
    private void heartbeat(String deviceId) throws Exception {
        MqttClient client = new MqttClient(mqtt.url(), "console-test-" + deviceId + "-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("console-demo-" + deviceId);
        options.setPassword(DEVICE_PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setConnectionTimeout(30);
        client.connect(options);
        try {
            String status = "{\"at\":\"" + java.time.OffsetDateTime.now() + "\",\"state\":\"ONLINE\",\"battery\":85,"
                    + "\"firmware\":\"2.4.1\"}";
            MqttMessage m = new MqttMessage(status.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish("hcc/console-demo/status/" + deviceId, m);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private String rowState(String route) {
        return driver.findElement(By.cssSelector("#routes tr[data-route='" + route + "'] td.state span"))
                .getAttribute("class");
    }

    // -------------------------------------------------------------------------------------------------------- tests

    @Test
    @Order(1)
    void aNewOperatorLogsInOnOurVietnameseLoginPage() throws IOException {
        driver.manage().deleteAllCookies();
        open("/console");
        waitUntil(d -> d.getCurrentUrl().endsWith("/login"));
        assertThat(driver.getTitle()).startsWith("Đăng nhập");
        waitFor(By.id("username")).sendKeys("operator");
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        driver.findElement(By.id("login-submit")).click();
        assertThat(waitFor(By.id("login-error")).getText()).isEqualTo("Sai tên đăng nhập hoặc mật khẩu.");
        shot("login");
        loginAs("operator");
        assertThat(driver.findElement(By.id("role")).getText()).isEqualTo("Vận hành");
    }

    @Test
    @Order(2)
    void theRoutesPageListsEveryRouteWithLiveFigures() throws IOException {
        open("/console/routes");
        Set<String> routes = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
        waitUntil(d -> d.findElements(By.cssSelector("#routes tbody tr[data-route]")).size() >= routes.size());
        Set<String> shown = driver.findElements(By.cssSelector("#routes tbody tr[data-route]")).stream()
                .map(r -> r.getAttribute("data-route")).collect(Collectors.toSet());
        assertThat(shown).containsAll(routes);
        // the outbox relay runs every 20 ms: its exchange count moves while we watch, without a reload
        String relay = "#routes tr[data-route='dossier-outbox-relay'] td.total";
        long first = Long.parseLong(waitFor(By.cssSelector(relay)).getText());
        waitUntil(d -> Long.parseLong(d.findElement(By.cssSelector(relay)).getText()) > first);
        assertThat(driver.findElements(By.cssSelector("#routes tr[data-route='agency-deliver-police'] button[data-action]")))
                .isNotEmpty();
        shot("routes");
    }

    @Test
    @Order(3)
    void anOperatorSuspendsAndResumesARoute() {
        String route = "dossier-deadline-scan";
        open("/console/routes");
        By row = By.cssSelector("#routes tr[data-route='" + route + "']");
        waitFor(row);
        assertThat(rowState(route)).contains("s-Started");

        clickUntil(By.cssSelector("#routes tr[data-route='" + route + "'] button[data-action='suspend']"),
                By.cssSelector("dialog#confirm[open]"));
        confirm("kiểm tra bảng điều khiển");
        waitUntil(d -> rowState(route).contains("s-Suspended"));
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Suspended);

        clickUntil(By.cssSelector("#routes tr[data-route='" + route + "'] button[data-action='resume']"),
                By.cssSelector("dialog#confirm[open]"));
        confirm(null);
        waitUntil(d -> rowState(route).contains("s-Started"));
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);

        open("/console/audit");
        waitFor(By.cssSelector("#audit tr[data-action='ROUTE_RESUME']"));
        List<Map<String, Object>> audit = jdbc.queryForList("""
                select action, before_state, after_state, reason from operator_audit
                where who = 'operator' and target = ? order by id desc limit 2""", "route " + route);
        assertThat(audit).extracting(a -> a.get("action") + " " + a.get("before_state") + "→" + a.get("after_state"))
                .containsExactly("ROUTE_RESUME Suspended→Started", "ROUTE_SUSPEND Started→Suspended");
        assertThat(audit.get(1).get("reason")).isEqualTo("kiểm tra bảng điều khiển");
    }

    @Test
    @Order(4)
    void anOperatorReplaysAParkedDeliveryAndFindsItDeliveredOnTheDossiersTimeline() throws Exception {
        String dossier = startedDossier();
        String deliveryId = parkPoliceDelivery(dossier);
        assertThat(deliveryStatus(deliveryId)).isEqualTo("PARKED");

        open("/console/dead-letters#police");
        By letter = By.cssSelector("#letters tr[data-delivery='" + deliveryId + "']");
        waitFor(letter);
        assertThat(driver.findElement(letter).getText()).contains(dossier).contains("RESIDENCE_REGISTRATION").contains("503");
        driver.findElement(By.cssSelector("#letters tr[data-delivery='" + deliveryId + "'] details summary")).click();
        shot("dead-letters");

        clickUntil(By.cssSelector("#letters tr[data-delivery='" + deliveryId + "'] button[data-action='replay']"),
                By.cssSelector("dialog#confirm[open]"));
        confirm("công an đã hoạt động lại");
        waitUntil(d -> d.findElements(letter).isEmpty());
        assertThat(deadLetterId("police", deliveryId)).as("left the DLQ").isNull();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(deliveryStatus(deliveryId)).isIn("QUEUED", "DELIVERED"));

        // the dossier's timeline: re-queued by the operator, then delivered to the police
        open("/console/dossiers?code=" + dossier);
        waitFor(By.cssSelector("#deliveries tr[data-delivery='" + deliveryId + "'][data-status='DELIVERED']"));
        waitFor(By.cssSelector("#timeline tr[data-kind='MESSAGE'][data-outcome='REQUEUED']"));
        waitFor(By.cssSelector("#timeline tr[data-kind='MESSAGE'][data-outcome='DELIVERED']"));
        assertThat(deliveryStatus(deliveryId)).isEqualTo("DELIVERED");
        // the police answers later with its result, which resolves the dossier
        waitUntil(d -> d.findElement(By.id("dossier-status")).getText().equals("Đã có kết quả"));
        shot("dossier");
        assertThat(jdbc.queryForObject("""
                select count(*) from operator_audit where who = 'operator' and action = 'DLQ_REPLAY' and outcome = 'OK'
                  and target like ?""", Long.class, "%" + deliveryId)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aDossierIsLookedUpByItsCode() {
        String dossier = startedDossier();
        onestop().post().uri("/api/v1/dossiers/" + dossier + "/events").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("eventId", UUID.randomUUID().toString(), "type", "REQUEST_SUPPLEMENT",
                        "reason", "thiếu bản sao CCCD"))
                .retrieve().toBodilessEntity();
        open("/console/dossiers");
        waitFor(By.id("code")).sendKeys(dossier);
        driver.findElement(By.id("lookup-submit")).click();
        waitFor(By.id("dossier-code"));
        assertThat(driver.findElement(By.id("dossier-code")).getText()).isEqualTo(dossier);
        waitUntil(d -> d.findElements(By.cssSelector("#timeline tr[data-kind='STATUS']")).size() >= 3);
        assertThat(driver.findElement(By.id("dossier-status")).getText()).isEqualTo("Yêu cầu bổ sung");
        assertThat(driver.findElement(By.id("dossier-due")).getText()).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
        assertThat(driver.findElement(By.id("dossier-applicant")).getText()).contains("Nguyễn Văn An");
        assertThat(driver.findElement(By.cssSelector("#timeline tbody")).getText()).contains("thiếu bản sao CCCD");

        open("/console/dossiers?code=NO-SUCH-DOSSIER-0000");
        assertThat(waitFor(By.id("not-found")).getText()).isEqualTo("Không tìm thấy hồ sơ có mã này.");
    }

    @Test
    @Order(6)
    void connectorsDevicesAndTheLiveViewFillInFromWhatExists() throws Exception {
        open("/console/connectors");
        waitUntil(d -> d.findElements(By.cssSelector("#connectors tr[data-partner]")).size() >= 5);
        for (String partner : List.of("tax", "police", "bhxh", "vnpost", "axis")) {
            assertThat(driver.findElement(By.cssSelector("#connectors tr[data-partner='" + partner + "'] td.health"))
                    .getText()).as(partner).isNotBlank();
        }
        assertThat(driver.findElement(By.cssSelector("#connectors tr[data-partner='police'] td.queue")).getText())
                .matches("\\d+");
        assertThat(driver.findElement(By.cssSelector("#connectors tr[data-partner='police'] td.circuit")).getText())
                .isIn("CLOSED", "HALF_OPEN", "OPEN");
        shot("connectors");

        jdbc.update("""
                insert into parked_message (source, route_id, reason, body) values ('hcc/console-demo/rating/pad-12',
                'device-ingest-message', 'rating "MAYBE" is not one of VERY_SATISFIED, SATISFIED, UNSATISFIED',
                '{"deviceId":"pad-12","eventId":"r-1","rating":"MAYBE"}')""");
        boolean deviceFeature = tables.exists("device");
        if (deviceFeature) {
            // the device feature is installed: devices registered through its API, three of them heard from over MQTT
            for (String[] d : List.of(new String[] {"kiosk-01", "KIOSK", null}, new String[] {"counter-03", "COUNTER", "3"},
                    new String[] {"pad-03", "RATING", "3"}, new String[] {"counter-04", "COUNTER", "4"})) {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("kind", d[1]);
                body.put("center", "console-demo");
                body.put("counterId", d[2]);
                body.put("username", "console-demo-" + d[0]);
                body.put("password", DEVICE_PASSWORD);
                assertThat(asOperator("admin").put().uri("/api/v1/devices/" + d[0]).contentType(MediaType.APPLICATION_JSON)
                        .body(body).retrieve().toBodilessEntity().getStatusCode().value()).isIn(200, 201);
            }
            for (String id : List.of("kiosk-01", "counter-03", "pad-03")) {
                heartbeat(id);
            }
        }
        open("/console/devices");
        waitUntil(d -> d.findElement(By.cssSelector("#device-parked tbody")).getText().contains("pad-12"));
        if (deviceFeature) {
            waitUntil(d -> d.findElements(By.cssSelector("section[data-center='console-demo'] .device.is-online")).size() == 3);
            assertThat(driver.findElements(By.cssSelector("section[data-center='console-demo'] .device"))).hasSize(4);
            assertThat(driver.findElement(By.cssSelector("section[data-center='console-demo'] [data-device='pad-03']"))
                    .getText()).contains("85%");
        } else {
            assertThat(driver.findElement(By.id("devices-unavailable")).isDisplayed()).isTrue();
        }
        shot("devices");

        open("/console/live");
        waitFor(By.cssSelector("#live-state.online"));
        String dossier = startedDossier();
        waitFor(By.cssSelector("#events tr[data-code='" + dossier + "']"));
        assertThat(driver.findElement(By.cssSelector("#events tbody")).getText()).contains("START");
        shot("live");
    }

    @Test
    @Order(7)
    void hawtioShowsTheCamelRoutesBehindTheSameLogin() throws IOException {
        open("/actuator/hawtio/camel/routes");
        // Hawtio's Camel plugin lists the routes it reads over Jolokia, with their state and statistics
        waitFor(By.xpath("//table//td[contains(., 'dossier-deadline-scan')]"));
        waitFor(By.xpath("//table//td[contains(., 'Started')]"));
        shot("hawtio");
    }

    @Test
    @Order(8)
    void theAuditPageListsWhatOperatorsDid() throws IOException {
        open("/console/audit");
        waitFor(By.cssSelector("#audit tr[data-action='DLQ_REPLAY']"));
        waitFor(By.cssSelector("#audit tr[data-action='ROUTE_SUSPEND']"));
        waitFor(By.cssSelector("#audit tr[data-action='LOGIN']"));
        shot("audit");
    }

    @Test
    @Order(9)
    void aViewerSeesNoActionAndCannotAct() throws Exception {
        open("/console/routes");
        waitFor(By.id("logout")).click();
        waitUntil(d -> d.getCurrentUrl().contains("/login?logout"));
        loginAs("viewer");
        waitUntil(d -> d.findElements(By.cssSelector("#routes tbody tr[data-route]")).size() > 3);
        assertThat(driver.findElements(By.cssSelector("button[data-action]"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector(".viewer-note")).isDisplayed()).isTrue();
        open("/console/dead-letters#police");
        waitFor(By.cssSelector("#partners button"));
        assertThat(driver.findElements(By.id("replay-selected"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#letters input[type=checkbox]"))).isEmpty();

        // even with the session's CSRF token, the server refuses a viewer's action
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).substring(11);
                fetch('/console/api/routes/dossier-deadline-scan/suspend', {method: 'POST',
                      headers: {'Content-Type': 'application/json', 'X-XSRF-TOKEN': decodeURIComponent(token)}, body: '{}'})
                  .then(r => done(r.status), e => done(String(e)));""");
        assertThat(status).isEqualTo(403L);
        assertThat(camel.getRouteController().getRouteStatus("dossier-deadline-scan")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    @Order(10)
    void afterLogoutNothingIsReachable() {
        open("/console/routes");
        waitFor(By.id("logout")).click();
        waitUntil(d -> d.getCurrentUrl().contains("/login?logout"));
        for (String path : List.of("/console/routes", "/console/dead-letters", "/actuator/hawtio/")) {
            open(path);
            waitUntil(d -> d.getCurrentUrl().endsWith("/login"));
        }
        open("/actuator/jolokia/version");
        assertThat(driver.getPageSource()).doesNotContain("\"agent\"");
    }
}
