package vn.lienthong.hub.platform;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before any bean exists, which servers run embedded: each one does unless its external address is
 * configured. Sandbox mode is therefore the default, with no configuration at all.
 */
public class SandboxEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "hubSandboxModes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        vn.lienthong.hub.platform.xml.SecureXml.applyJvmDefaults(
                env.getProperty("hub.xml.max-depth", Integer.class, vn.lienthong.hub.platform.xml.SecureXml.DEFAULT_MAX_DEPTH));
        Map<String, Object> derived = new HashMap<>();
        boolean postgres = isBlank(env.getProperty("spring.datasource.url"));
        boolean artemis = isBlank(env.getProperty("spring.artemis.broker-url"));
        boolean kafka = isBlank(env.getProperty("hub.kafka.bootstrap-servers"));
        derived.put("hub.embedded.postgres.enabled", postgres);
        derived.put("hub.embedded.artemis.enabled", artemis);
        derived.put("hub.embedded.kafka.enabled", kafka);
        if (isBlank(env.getProperty("spring.artemis.mode"))) {
            derived.put("spring.artemis.mode", artemis ? "embedded" : "native");
        }
        if (env.acceptsProfiles(org.springframework.core.env.Profiles.of("production")) && (postgres || artemis || kafka)) {
            throw new IllegalStateException("The production profile needs external servers: set "
                    + (postgres ? "SPRING_DATASOURCE_URL " : "") + (artemis ? "SPRING_ARTEMIS_BROKER_URL " : "")
                    + (kafka ? "HUB_KAFKA_BOOTSTRAP_SERVERS" : ""));
        }
        env.getPropertySources().addLast(new MapPropertySource(SOURCE, derived));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int getOrder() {
        // after application.yaml and the environment variables are loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
