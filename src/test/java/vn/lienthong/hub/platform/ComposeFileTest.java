package vn.lienthong.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks docker-compose.yml (the production shape) against application.yaml without a Docker engine or a Spring
 * context: images pinned, health checks everywhere, the hub waiting for healthy servers, and the hub given exactly
 * settings it reads, every secret included and none with a default in the file.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");
    private static final String HUB = "hub";

    /** {@code ${NAME}} or {@code ${NAME:default}} in application.yaml. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[:}]");
    /** A name that holds a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(_PASSWORD|_API_KEY|_SECRET)");
    /** Compose's required-variable syntax, the only acceptable value of a secret. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:\\?[^}]+}");
    /** Variables Spring Boot itself reads, beyond the keys of application.yaml. */
    private static final Set<String> SPRING_OWN = Set.of("SPRING_PROFILES_ACTIVE");

    private static Map<String, Object> services;
    private static String applicationYamlText;
    private static Map<String, Object> applicationYaml;

    @BeforeAll
    static void load() throws IOException {
        Map<String, Object> compose = parse(Files.readString(COMPOSE, StandardCharsets.UTF_8));
        services = map(compose.get("services"), "services");
        applicationYamlText = Files.readString(APPLICATION_YAML, StandardCharsets.UTF_8);
        applicationYaml = parse(applicationYamlText);
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value, name);
            Object image = service.get("image");
            if (image == null) {
                if (!service.containsKey("build")) {
                    problems.add(name + ": neither image nor build");
                }
                return;
            }
            if (!pinned(image.toString())) {
                problems.add(name + ": " + image + " (needs an exact version tag)");
            }
        });
        assertThat(problems).as("images not pinned").isEmpty();
    }

    @Test
    void pinnedMeansAnExactVersion() {
        assertThat(pinned("postgres:17.6")).isTrue();
        assertThat(pinned("apache/kafka:3.9.1")).isTrue();
        assertThat(pinned("registry.local:5000/hub:1.2.0")).isTrue();
        assertThat(pinned("postgres")).isFalse();
        assertThat(pinned("postgres:latest")).isFalse();
        assertThat(pinned("postgres:17")).isFalse();
        assertThat(pinned("registry.local:5000/hub")).isFalse();
    }

    @Test
    void everyServiceHasAHealthCheck() {
        List<String> missing = new ArrayList<>();
        services.forEach((name, value) -> {
            Object healthcheck = map(value, name).get("healthcheck");
            if (!(healthcheck instanceof Map<?, ?> hc) || Boolean.TRUE.equals(hc.get("disable"))
                    || hc.get("test") == null || hc.get("test").toString().contains("NONE")) {
                missing.add(name);
            }
        });
        assertThat(missing).as("services without a health check").isEmpty();
    }

    @Test
    void hubWaitsForEveryOtherServiceToBeHealthy() {
        Map<String, Object> dependsOn = map(hub().get("depends_on"), "hub.depends_on (long form with conditions)");
        List<String> notWaitedFor = new ArrayList<>();
        for (String name : services.keySet()) {
            if (name.equals(HUB)) {
                continue;
            }
            Object condition = dependsOn.get(name) instanceof Map<?, ?> d ? d.get("condition") : null;
            if (!"service_healthy".equals(condition)) {
                notWaitedFor.add(name + " (condition " + condition + ")");
            }
        }
        assertThat(notWaitedFor).as("servers the hub does not wait for").isEmpty();
    }

    @Test
    void hubRunsTheProductionProfile() {
        assertThat(hubEnvironment()).containsEntry("SPRING_PROFILES_ACTIVE", "production");
    }

    @Test
    void everyVariableGivenToTheHubIsOneItReads() {
        Set<String> known = new TreeSet<>(SPRING_OWN);
        known.addAll(placeholders());
        flattenKeys("", applicationYaml, known);
        Set<String> unknown = new TreeSet<>(hubEnvironment().keySet());
        unknown.removeAll(known);
        assertThat(unknown).as("environment variables of the hub that application.yaml does not read").isEmpty();
    }

    @Test
    void everySecretTheHubReadsIsGivenToIt() {
        Set<String> secrets = new TreeSet<>();
        for (String name : placeholders()) {
            if (SECRET_NAME.matcher(name).matches()) {
                secrets.add(name);
            }
        }
        assertThat(secrets).as("secrets read by application.yaml")
                .contains("HUB_ADMIN_PASSWORD", "HUB_ONESTOP_API_KEY", "SPRING_DATASOURCE_PASSWORD");
        Set<String> forgotten = new TreeSet<>(secrets);
        forgotten.removeAll(hubEnvironment().keySet());
        assertThat(forgotten).as("secrets a production deployment would leave unset").isEmpty();
    }

    @Test
    void noSecretHasAValueOrDefaultInTheFile() {
        List<String> problems = new ArrayList<>();
        services.forEach((service, value) -> environment(map(value, service)).forEach((name, v) -> {
            if (SECRET_NAME.matcher(name).matches() && (v == null || !REQUIRED_VARIABLE.matcher(v).matches())) {
                problems.add(service + "." + name + " = " + v);
            }
        }));
        assertThat(problems).as("secrets not taken with ${NAME:?message} from the host environment").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Map<String, Object> hub() {
        return map(services.get(HUB), "services.hub");
    }

    private static Map<String, String> hubEnvironment() {
        return environment(hub());
    }

    /** The environment of a service, in either of compose's forms (map, or list of NAME=value). */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? null : v.toString()));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String s = item.toString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return env;
    }

    private static Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(applicationYamlText);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every leaf key of application.yaml in its environment-variable form (relaxed binding). */
    private static void flattenKeys(String prefix, Map<?, ?> node, Set<String> into) {
        node.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k.toString() : prefix + "." + k;
            if (v instanceof Map<?, ?> child) {
                flattenKeys(key, child, into);
            } else {
                into.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", ""));
            }
        });
    }

    /**
     * A digest, or a tag with at least major.minor that is not "latest": {@code postgres:17.6} is pinned,
     * {@code postgres}, {@code postgres:latest} and {@code postgres:17} are not.
     */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        if (colon < image.lastIndexOf('/') + 1) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.toLowerCase(Locale.ROOT).contains("latest") && tag.matches("\\d+\\.\\d+.*");
    }

    private static Map<String, Object> parse(String text) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return map(root, "document root");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what + " must be a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
