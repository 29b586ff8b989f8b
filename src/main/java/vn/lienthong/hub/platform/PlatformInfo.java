package vn.lienthong.hub.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Which parts run embedded and on which ports: logged once the hub is ready and shown in
 * {@code /actuator/info} under {@code hub}.
 */
@Component
public class PlatformInfo implements InfoContributor {

    private static final Logger log = LoggerFactory.getLogger(PlatformInfo.class);

    private final Environment env;
    private final ObjectProvider<EmbeddedPostgres> postgres;
    private final ObjectProvider<ArtemisPlatformConfig.EmbeddedArtemisPorts> artemis;
    private final KafkaConnection kafka;
    private final MqttConnection mqtt;
    private final HubProperties hub;
    private volatile int httpPort;

    PlatformInfo(Environment env, ObjectProvider<EmbeddedPostgres> postgres,
            ObjectProvider<ArtemisPlatformConfig.EmbeddedArtemisPorts> artemis,
            KafkaConnection kafka, MqttConnection mqtt, HubProperties hub) {
        this.env = env;
        this.postgres = postgres;
        this.artemis = artemis;
        this.kafka = kafka;
        this.mqtt = mqtt;
        this.hub = hub;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            httpPort = event.getWebServer().getPort();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void logPorts() {
        log.info("Liên thông Hub ready — {}", describe());
    }

    public boolean artemisEmbedded() {
        return artemis.getIfAvailable() != null;
    }

    public int httpPort() {
        return httpPort;
    }

    public Map<String, Object> describe() {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("mode", env.acceptsProfiles(org.springframework.core.env.Profiles.of("production")) ? "production" : "sandbox");
        parts.put("dataDir", hub.getDataDir().toAbsolutePath().toString());
        parts.put("http", Map.of("port", httpPort));
        EmbeddedPostgres pg = postgres.getIfAvailable();
        parts.put("postgres", pg != null ? Map.of("embedded", true, "port", pg.getPort())
                : Map.of("embedded", false, "url", String.valueOf(env.getProperty("spring.datasource.url"))));
        ArtemisPlatformConfig.EmbeddedArtemisPorts a = artemis.getIfAvailable();
        parts.put("artemis", a != null ? Map.of("embedded", true, "port", a.artemis())
                : Map.of("embedded", false, "url", String.valueOf(env.getProperty("spring.artemis.broker-url"))));
        parts.put("mqtt", mqtt.embedded() ? Map.of("embedded", true, "port", mqtt.port())
                : Map.of("embedded", false, "url", mqtt.url()));
        parts.put("kafka", Map.of("embedded", kafka.embedded(), "bootstrapServers", kafka.bootstrapServers()));
        return parts;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("hub", describe());
    }
}
