package vn.lienthong.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.support.ServletRequestHandledEvent;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * The platform as an operator sees it: health of every part, what runs embedded on which port, Camel metrics, and
 * the routes' shared error handling.
 */
class PlatformIT extends HubIntegrationTest {

    private static final Set<String> REQUIRED_COMPONENTS = Set.of("db", "kafka", "artemis", "mqtt", "camelHealth");

    /**
     * The only routes that do not opt into {@code hub-default}, each with the reason given in its route file. A new
     * exception must be added here deliberately.
     */
    private static final Map<String, String> WITHOUT_HUB_DEFAULT = Map.of(
            "platform-park", "the dead-letter channel's own end",
            "police-identity-check", "synchronous request-reply for an officer waiting at the counter: fails fast, "
                    + "never parked or retried for minutes",
            "axis-reconcile-run", "one reconciliation run for its caller (the daily route, which retries the whole "
                    + "run with hub-default, or an operator on the API): a failure goes straight back to it");

    @Autowired
    CamelContext camel;

    @Test
    void anonymousHealthIsUpWithoutDetails() {
        ResponseEntity<JsonNode> res = anonymous().get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        assertThat(res.getBody().path("status").asText()).isEqualTo("UP");
        assertThat(res.getBody().has("components")).as("components hidden from anonymous callers: %s", res.getBody())
                .isFalse();
        assertThat(res.getBody().has("details")).isFalse();
    }

    @Test
    void viewerSeesEveryComponentUp() {
        ResponseEntity<JsonNode> res = asOperator("viewer").get().uri("/actuator/health").retrieve()
                .toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        JsonNode body = res.getBody();
        assertThat(body.path("status").asText()).as("overall health: %s", body).isEqualTo("UP");
        JsonNode components = body.path("components");
        Set<String> names = new TreeSet<>();
        components.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsAll(REQUIRED_COMPONENTS);
        components.fields().forEachRemaining(c -> assertThat(c.getValue().path("status").asText())
                .as("health component %s: %s", c.getKey(), c.getValue()).isEqualTo("UP"));
        assertThat(components.path("kafka").path("details").path("nodes").asInt()).isEqualTo(1);
        assertThat(components.path("kafka").path("details").path("embedded").asBoolean()).isTrue();
        assertThat(components.path("mqtt").path("details").path("embedded").asBoolean()).isTrue();
        assertThat(components.path("artemis").path("details").path("embedded").asBoolean()).isTrue();
        assertThat(components.path("db").path("details").path("database").asText()).isEqualTo("PostgreSQL");
    }

    @Test
    void infoShowsEmbeddedServersOnRealPorts(@Autowired MqttConnection mqtt, @Autowired KafkaConnection kafka) {
        ResponseEntity<JsonNode> res = asOperator("viewer").get().uri("/actuator/info").retrieve()
                .toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        JsonNode hub = res.getBody().path("hub");
        assertThat(hub.path("mode").asText()).isEqualTo("sandbox");
        for (String part : List.of("postgres", "artemis", "mqtt")) {
            assertThat(hub.path(part).path("embedded").asBoolean()).as("%s embedded: %s", part, hub).isTrue();
            assertThat(hub.path(part).path("port").asInt()).as("%s port: %s", part, hub).isBetween(1, 65535);
        }
        assertThat(hub.path("mqtt").path("port").asInt()).isEqualTo(mqtt.port());
        assertThat(hub.path("artemis").path("port").asInt()).isNotEqualTo(hub.path("mqtt").path("port").asInt());
        assertThat(hub.path("kafka").path("embedded").asBoolean()).isTrue();
        String bootstrap = hub.path("kafka").path("bootstrapServers").asText();
        assertThat(bootstrap).isEqualTo(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(hub.path("http").path("port").asInt()).isEqualTo(port);
        assertThat(res.getBody().path("build").path("version").asText()).isNotBlank();
    }

    /**
     * logback.events counts what the hub logs, by level, with no logback turbo filter installed: logback asks a turbo
     * filter on every level check of every logger (platform.LogEventMetrics).
     */
    @Test
    void logEventsAreCountedByLevelWithoutATurboFilter(@Autowired MeterRegistry registry) {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logback.getTurboFilterList()).isEmpty();
        Counter warnings = registry.get("logback.events").tag("level", "warn").counter();
        Counter debug = registry.get("logback.events").tag("level", "debug").counter();
        double warnedBefore = warnings.count();
        double debugBefore = debug.count();
        org.slf4j.Logger log = LoggerFactory.getLogger(PlatformIT.class);
        log.warn("PlatformIT: one warning, counted");
        log.debug("PlatformIT: not written at INFO, not counted");
        assertThat(warnings.count()).isEqualTo(warnedBefore + 1);
        assertThat(debug.count()).isEqualTo(debugBefore);
        ResponseEntity<String> res = asOperator("viewer").get().uri("/actuator/prometheus").retrieve()
                .toEntity(String.class);
        assertThat(res.getBody().lines())
                .anyMatch(l -> l.startsWith("logback_events_total{") && l.contains("level=\"warn\""));
    }

    /** Each API request is timed (http.server.requests, by its path pattern), without a long-task timer beside it. */
    @Test
    void apiRequestsAreTimedWithoutALongTaskTimer(@Autowired MeterRegistry registry) {
        assertThat(onestop().get().uri("/api/v1/procedures").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
        assertThat(registry.get("http.server.requests").tag("uri", "/api/v1/procedures").tag("status", "200").timer()
                .count()).isPositive();
        assertThat(registry.find("http.server.requests.active").longTaskTimers()).isEmpty();
        ResponseEntity<String> res = asOperator("viewer").get().uri("/actuator/prometheus").retrieve()
                .toEntity(String.class);
        assertThat(res.getBody().lines())
                .anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/api/v1/procedures\""))
                .noneMatch(l -> l.startsWith("http_server_requests_active"));
    }

    /** Spring MVC publishes no event after each request: nothing listens to it (spring.mvc.publish-request-handled-events). */
    @Test
    void requestsPublishNoHandledEvent(@Autowired ConfigurableApplicationContext context) {
        List<ServletRequestHandledEvent> published = new CopyOnWriteArrayList<>();
        ApplicationListener<ServletRequestHandledEvent> listener = published::add;
        context.addApplicationListener(listener);
        try {
            assertThat(onestop().get().uri("/api/v1/procedures").retrieve().toBodilessEntity().getStatusCode().value())
                    .isEqualTo(200);
        } finally {
            context.removeApplicationListener(listener);
        }
        assertThat(published).isEmpty();
    }

    @Test
    void prometheusExposesCamelRouteMetrics() {
        ResponseEntity<String> res = asOperator("viewer").get().uri("/actuator/prometheus").retrieve()
                .toEntity(String.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        List<String> exchanges = res.getBody().lines().filter(l -> l.startsWith("camel_exchanges_total{")).toList();
        assertThat(exchanges).as("camel_exchanges_total series").isNotEmpty();
        for (Route route : yamlRoutes()) {
            assertThat(exchanges).as("camel_exchanges_total of route %s", route.getRouteId())
                    .anyMatch(l -> l.contains("routeId=\"" + route.getRouteId() + "\""));
        }
        assertThat(exchanges).anyMatch(l -> l.contains("routeId=\"dossier-outbox-relay\""));
    }

    @Test
    void everyYamlRouteOptsIntoHubDefault() throws IOException {
        Set<String> declared = declaredRouteIds();
        assertThat(declared).contains("platform-park");

        List<Route> fromYaml = yamlRoutes();
        assertThat(fromYaml.stream().map(Route::getRouteId).toList())
                .as("routes loaded from routes/**/*.camel.yaml").containsExactlyInAnyOrderElementsOf(declared);
        for (Route route : fromYaml) {
            if (WITHOUT_HUB_DEFAULT.containsKey(route.getRouteId())) {
                assertThat(route.getConfigurationId()).as("%s: %s", route.getRouteId(),
                        WITHOUT_HUB_DEFAULT.get(route.getRouteId())).isNull();
            } else {
                assertThat(route.getConfigurationId()).as("route configuration of %s (%s)", route.getRouteId(),
                        route.getSourceLocation()).isEqualTo("hub-default");
            }
        }

        RouteConfigurationDefinition hubDefault = ((ModelCamelContext) camel).getRouteConfigurationDefinition("hub-default");
        assertThat(hubDefault).as("route configuration hub-default").isNotNull();
        assertThat(hubDefault.getErrorHandler()).isNotNull();
        assertThat(hubDefault.getErrorHandler().getErrorHandlerType()).isInstanceOf(DeadLetterChannelDefinition.class);
        assertThat(((DeadLetterChannelDefinition) hubDefault.getErrorHandler().getErrorHandlerType()).getDeadLetterUri())
                .isEqualTo("direct:platform-park");
    }

    /**
     * A bean step that names its method alone ({@code method: scan}) must find one method of that name: with an
     * overload Camel's bean binding picks one by the message, and the deadline scan once ran {@code scan(int)} with a
     * null body, every minute, failing. A step that needs an overload names its parameters ({@code scan(5)}).
     */
    @Test
    void everyBeanMethodARouteNamesIsOneMethod(@Autowired ApplicationContext beans) {
        int checked = 0;
        for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
            for (BeanDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)) {
                if (step.getRef() == null || step.getMethod() == null || step.getMethod().contains("(")
                        || step.getRef().contains("{{")) {
                    continue; // a Kamelet template's bean, named by a parameter of the template: left out
                }
                Class<?> type = ClassUtils.getUserClass(beans.getBean(step.getRef()));
                List<String> named = new ArrayList<>();
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Method m : c.getDeclaredMethods()) {
                        if (m.getName().equals(step.getMethod()) && !Modifier.isPrivate(m.getModifiers()) && !m.isBridge()
                                && !m.isSynthetic()) {
                            named.add(m.toGenericString());
                        }
                    }
                }
                assertThat(named).as("route %s: bean %s, method %s", route.getRouteId(), step.getRef(), step.getMethod())
                        .hasSize(1);
                checked++;
            }
        }
        assertThat(checked).as("bean steps checked").isGreaterThan(20);
    }

    @Test
    void kameletsAreLoadedFromConnectors() {
        KameletComponent kamelet = camel.getComponent("kamelet", KameletComponent.class);
        assertThat(kamelet).isNotNull();
        assertThat(kamelet.getLocation()).contains("classpath:connectors");
    }

    /** The running routes declared in the route files under routes/ (not those Kamelets create from templates). */
    private List<Route> yamlRoutes() {
        List<Route> fromYaml = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String source = route.getSourceLocation();
            if (source != null && source.contains("routes/") && source.replaceFirst(":\\d+$", "").endsWith(".camel.yaml")) {
                fromYaml.add(route);
            }
        }
        return fromYaml;
    }

    /** The ids of every {@code - route:} in the route files on the classpath. */
    @SuppressWarnings("unchecked")
    private static Set<String> declaredRouteIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:routes/**/*.camel.yaml");
        assertThat(files).as("route files").isNotEmpty();
        for (Resource file : files) {
            try (InputStream in = file.getInputStream()) {
                Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                if (!(doc instanceof List<?> items)) {
                    continue;
                }
                for (Object item : items) {
                    if (item instanceof Map<?, ?> m && m.get("route") instanceof Map<?, ?> route) {
                        Object id = ((Map<String, Object>) route).get("id");
                        assertThat(id).as("every route in %s has an id", file).isNotNull();
                        ids.add(id.toString());
                    }
                }
            }
        }
        return ids;
    }
}
