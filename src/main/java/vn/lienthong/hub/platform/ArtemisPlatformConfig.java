package vn.lienthong.hub.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jms.connection.SingleConnectionFactory;

import vn.lienthong.hub.platform.security.Secrets;

/**
 * The sandbox's embedded Artemis: persistent journal under {@code hub.data-dir/artemis}, a CORE/AMQP acceptor
 * for other hub instances and tools, and an MQTT acceptor for the hall devices.
 *
 * <p>Security: when an {@link ActiveMQSecurityManager} bean exists (the device package provides one), the broker
 * authenticates every connection with it: the hub's internal user (Spring's JMS connection factory, the hub's
 * own MQTT ingest client, tools given {@code spring.artemis.user/password}) and the registered hall devices.
 * Before any bean is bound, {@link #embeddedBrokerSettings} pins the ports and the internal credentials into the
 * environment (a password is generated when none is configured), so {@code spring.artemis.*}, {@code hub.mqtt.*}
 * and the routes' {@code {{hub.mqtt.*}}} placeholders all agree.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.embedded.artemis.enabled", havingValue = "true")
class ArtemisPlatformConfig {

    private static final Logger log = LoggerFactory.getLogger(ArtemisPlatformConfig.class);

    /** Property source holding the resolved ports and the internal broker user of this start. */
    static final String SETTINGS_SOURCE = "hubEmbeddedBroker";
    /** The internal user's name when none is configured. */
    static final String DEFAULT_INTERNAL_USER = "hub";

    /** Runs before any bean is created, so every binding of {@code hub.*} and {@code spring.artemis.*} sees it. */
    @Bean
    static BeanFactoryPostProcessor embeddedBrokerSettings(ConfigurableEnvironment env) {
        return beanFactory -> applySettings(env);
    }

    static void applySettings(ConfigurableEnvironment env) {
        if (env.getPropertySources().contains(SETTINGS_SOURCE)) {
            return;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        int artemis = Ports.resolve(env.getProperty("hub.embedded.artemis-port", Integer.class, 61626));
        int mqtt = Ports.resolve(env.getProperty("hub.embedded.mqtt-port", Integer.class, 11883));
        while (mqtt == artemis) {
            mqtt = Ports.resolve(0);
        }
        settings.put("hub.embedded.artemis-port", artemis);
        settings.put("hub.embedded.mqtt-port", mqtt);

        // the devices' broker is this one unless hub.mqtt.url points elsewhere; then hub.mqtt.* belong to that broker
        boolean mqttHere = isBlank(env.getProperty("hub.mqtt.url"));
        String user = firstNonBlank(env.getProperty("spring.artemis.user"),
                mqttHere ? env.getProperty("hub.mqtt.username") : null, DEFAULT_INTERNAL_USER);
        String password = firstNonBlank(env.getProperty("spring.artemis.password"),
                mqttHere ? env.getProperty("hub.mqtt.password") : null, null);
        boolean generated = password == null;
        if (generated) {
            password = Secrets.generate();
        }
        putIfBlank(env, settings, "spring.artemis.user", user);
        putIfBlank(env, settings, "spring.artemis.password", password);
        if (mqttHere) {
            settings.put("hub.mqtt.url", "tcp://127.0.0.1:" + mqtt);
            putIfBlank(env, settings, "hub.mqtt.username", user);
            putIfBlank(env, settings, "hub.mqtt.password", password);
        }
        env.getPropertySources().addFirst(new MapPropertySource(SETTINGS_SOURCE, settings));
        if (generated) {
            log.warn("\n=== Embedded broker: internal user '{}' with a password generated for this start: {} "
                    + "(set HUB_MQTT_PASSWORD or SPRING_ARTEMIS_PASSWORD to keep one) ===", user, password);
        }
    }

    @Bean
    EmbeddedArtemisPorts embeddedArtemisPorts(HubProperties hub) {
        return new EmbeddedArtemisPorts(Ports.resolve(hub.getEmbedded().getArtemisPort()),
                Ports.resolve(hub.getEmbedded().getMqttPort()));
    }

    @Bean
    ArtemisConfigurationCustomizer hubArtemisCustomizer(HubProperties hub, EmbeddedArtemisPorts ports,
            ObjectProvider<ActiveMQSecurityManager> security) {
        return configuration -> {
            Path dir = hub.getDataDir().resolve("artemis").toAbsolutePath();
            configuration.setPersistenceEnabled(true);
            configuration.setJournalDirectory(dir.resolve("journal").toString());
            configuration.setBindingsDirectory(dir.resolve("bindings").toString());
            configuration.setPagingDirectory(dir.resolve("paging").toString());
            configuration.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
            configuration.setGlobalMaxSize(hub.getEmbedded().getArtemisGlobalMaxSizeMb() * 1024 * 1024);
            configuration.setJMXManagementEnabled(true);
            boolean secured = security.getIfAvailable() != null;
            configuration.setSecurityEnabled(secured);
            // no authentication cache in the broker: it keys an outcome by user name and password only, so a
            // device's credentials once accepted with a valid client id were then accepted with the hub's reserved
            // one (taking over the ingest's session), and once refused for a reserved id, refused with a valid id
            // too — both for security-invalidation-interval. DeviceRegistry caches verified passwords itself.
            configuration.setAuthenticationCacheSize(0);
            // the cluster user bypasses the security manager: give it a password nobody knows (no cluster here)
            configuration.setClusterPassword(Secrets.generate());
            try {
                configuration.addAcceptorConfiguration("artemis",
                        "tcp://127.0.0.1:" + ports.artemis() + "?protocols=CORE,AMQP");
                configuration.addAcceptorConfiguration("mqtt",
                        "tcp://127.0.0.1:" + ports.mqtt() + "?protocols=MQTT");
            } catch (Exception e) {
                throw new IllegalStateException("invalid Artemis acceptor", e);
            }
            // when memory is full, page to disk rather than block or drop: nothing acknowledged is lost
            configuration.addAddressSetting("#", new AddressSettings()
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setAutoCreateDeadLetterResources(true)
                    .setAutoCreateExpiryResources(true)
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryAddress"))
                    .setDeadLetterQueuePrefix(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ."))
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLA"))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(60_000));
            // a partner's backlog (an outage, or deliveries held by an operator) pages on its own address: it must
            // not fill the global memory, where every address would page with it, the devices' MQTT feed included
            configuration.addAddressSetting("hub.outbound.#", new AddressSettings()
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                    .setMaxSizeBytes(hub.getEmbedded().getArtemisPartnerAddressMaxSizeMb() * 1024 * 1024));
            log.info("Embedded Artemis: CORE/AMQP on 127.0.0.1:{}, MQTT on 127.0.0.1:{} (journal {}), {}",
                    ports.artemis(), ports.mqtt(), dir,
                    secured ? "every connection authenticated" : "SECURITY DISABLED (no security manager)");
        };
    }

    /**
     * Installs the security manager on the embedded broker before it starts, and gives Spring's in-VM JMS
     * connection factory the internal user (Spring Boot applies {@code spring.artemis.user/password} to native
     * connections only).
     */
    @Bean
    static BeanPostProcessor embeddedBrokerSecurity(ObjectProvider<ActiveMQSecurityManager> security,
            Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    ActiveMQSecurityManager manager = security.getIfAvailable();
                    if (manager != null) {
                        broker.setSecurityManager(manager);
                    }
                }
                return bean;
            }

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                ActiveMQConnectionFactory factory = null;
                if (bean instanceof ActiveMQConnectionFactory f) {
                    factory = f;
                } else if (bean instanceof SingleConnectionFactory s
                        && s.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory f) {
                    factory = f;
                }
                if (factory != null && factory.getUser() == null) {
                    factory.setUser(env.getProperty("spring.artemis.user"));
                    factory.setPassword(env.getProperty("spring.artemis.password"));
                }
                return bean;
            }
        };
    }

    private static void putIfBlank(Environment env, Map<String, Object> settings, String key, String value) {
        if (isBlank(env.getProperty(key))) {
            settings.put(key, value);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The ports the embedded broker listens on. */
    public record EmbeddedArtemisPorts(int artemis, int mqtt) {
    }
}
