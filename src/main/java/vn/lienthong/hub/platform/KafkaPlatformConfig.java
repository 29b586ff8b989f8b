package vn.lienthong.hub.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka, the event backbone: the embedded KRaft broker of the sandbox or an external cluster. */
@Configuration(proxyBeanMethods = false)
class KafkaPlatformConfig {

    /** Topic of dossier events (DESIGN.md, messaging names). */
    static final String DOSSIER_EVENTS = "hub.dossier.events";
    /** Topic of hall-device events. */
    static final String DEVICE_EVENTS = "hub.device.events";

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "hub.embedded.kafka.enabled", havingValue = "true")
    EmbeddedKafka embeddedKafka(HubProperties hub, ObjectProvider<EmbeddedStarts.Started> early) throws Exception {
        EmbeddedStarts.Started started = early.getIfAvailable();
        return started != null && started.kafka() != null ? started.kafka().take() : startKafka(hub);
    }

    /** The embedded broker, started early by {@link EmbeddedStarts} (by the bean only when that did not run). */
    static EmbeddedKafka startKafka(HubProperties hub) throws Exception {
        HubProperties.Embedded e = hub.getEmbedded();
        return new EmbeddedKafka(hub.getDataDir(), e.getKafkaPort(), e.getKafkaControllerPort(),
                hub.getKafka().getPartitions());
    }

    @Bean
    KafkaConnection kafkaConnection(HubProperties hub, ObjectProvider<EmbeddedKafka> embedded) {
        EmbeddedKafka broker = embedded.getIfAvailable();
        String servers = broker != null ? broker.bootstrapServers() : hub.getKafka().getBootstrapServers();
        KafkaConnection connection = new KafkaConnection(servers, broker != null);
        connection.ensureTopics(hub.getKafka().getPartitions(), List.of(DOSSIER_EVENTS, DEVICE_EVENTS));
        return connection;
    }

    /** Routes name topics only; the address of the brokers comes from here. */
    @Bean
    ComponentCustomizer kafkaBrokers(KafkaConnection connection) {
        return ComponentCustomizer.forType(KafkaComponent.class,
                kafka -> kafka.getConfiguration().setBrokers(connection.bootstrapServers()));
    }
}
