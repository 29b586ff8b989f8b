package vn.lienthong.hub.platform;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's embedded Artemis: persistent journal under {@code hub.data-dir/artemis}, a CORE/AMQP acceptor
 * for other hub instances and tools, and an MQTT acceptor for the hall devices.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.embedded.artemis.enabled", havingValue = "true")
class ArtemisPlatformConfig {

    private static final Logger log = LoggerFactory.getLogger(ArtemisPlatformConfig.class);

    @Bean
    EmbeddedArtemisPorts embeddedArtemisPorts(HubProperties hub) {
        return new EmbeddedArtemisPorts(Ports.resolve(hub.getEmbedded().getArtemisPort()),
                Ports.resolve(hub.getEmbedded().getMqttPort()));
    }

    @Bean
    ArtemisConfigurationCustomizer hubArtemisCustomizer(HubProperties hub, EmbeddedArtemisPorts ports) {
        return configuration -> {
            Path dir = hub.getDataDir().resolve("artemis").toAbsolutePath();
            configuration.setPersistenceEnabled(true);
            configuration.setJournalDirectory(dir.resolve("journal").toString());
            configuration.setBindingsDirectory(dir.resolve("bindings").toString());
            configuration.setPagingDirectory(dir.resolve("paging").toString());
            configuration.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
            configuration.setGlobalMaxSize(hub.getEmbedded().getArtemisGlobalMaxSizeMb() * 1024 * 1024);
            configuration.setJMXManagementEnabled(true);
            configuration.setSecurityEnabled(false);
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
                    .setDeadLetterQueuePrefix(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ."))
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLA"))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(60_000));
            log.info("Embedded Artemis: CORE/AMQP on 127.0.0.1:{}, MQTT on 127.0.0.1:{} (journal {})",
                    ports.artemis(), ports.mqtt(), dir);
        };
    }

    /** The ports the embedded broker listens on. */
    public record EmbeddedArtemisPorts(int artemis, int mqtt) {
    }
}
