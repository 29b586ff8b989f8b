package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Contract of {@code connectors/mqtt-device-source.kamelet.yaml}: the paho-mqtt5 consumer it creates from the
 * ingest route's placeholders — QoS 1, persistent session (clean start off, a session expiry), manual
 * acknowledgements, the credentials exactly as configured (also with characters URIs treat specially). No broker:
 * the route is built, never started.
 */
class MqttDeviceSourceKameletTest {

    private static final String PASSWORD = "p&a+s%s=w#r d/é";

    private PahoMqtt5Configuration consumerOf(String routeYaml, Properties properties) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(properties);
            camel.getComponent("kamelet", KameletComponent.class).setLocation("classpath:connectors");
            camel.setAutoStartup(false);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("test.camel.yaml", routeYaml));
            camel.start();
            PahoMqtt5Endpoint endpoint = camel.getEndpoints().stream().filter(PahoMqtt5Endpoint.class::isInstance)
                    .map(PahoMqtt5Endpoint.class::cast).findFirst().orElseThrow();
            assertThat(endpoint.getTopic()).isEqualTo(properties.getProperty("hub.devices.topic"));
            return endpoint.getConfiguration();
        }
    }

    private static Properties properties(String username, String password) {
        Properties p = new Properties();
        p.setProperty("hub.mqtt.url", "tcp://127.0.0.1:11883");
        p.setProperty("hub.mqtt.username", username);
        p.setProperty("hub.mqtt.password", password);
        p.setProperty("hub.mqtt.client-id", "hub-device-ingest");
        p.setProperty("hub.devices.topic", "hcc/+/+/+");
        return p;
    }

    /** The ingest route's source, as in routes/device/device-ingest.camel.yaml. */
    private static final String INGEST_SOURCE = """
            - route:
                id: device-ingest-mqtt
                from:
                  uri: kamelet:mqtt-device-source
                  parameters:
                    brokerUrl: "{{hub.mqtt.url}}"
                    username: "RAW({{hub.mqtt.username}})"
                    password: "RAW({{hub.mqtt.password}})"
                    clientId: "{{hub.mqtt.client-id}}"
                    topic: "{{hub.devices.topic}}"
                  steps:
                    - to: log:ingest
            """;

    @Test
    void subscribesWithQos1APersistentSessionAndManualAcks() throws Exception {
        PahoMqtt5Configuration c = consumerOf(INGEST_SOURCE, properties("hub", PASSWORD));
        assertThat(c.getBrokerUrl()).isEqualTo("tcp://127.0.0.1:11883");
        assertThat(c.getClientId()).isEqualTo("hub-device-ingest");
        assertThat(c.getQos()).isEqualTo(1);
        assertThat(c.isCleanStart()).isFalse();
        assertThat(c.getSessionExpiryInterval()).isEqualTo(604800);
        assertThat(c.isManualAcksEnabled()).isTrue();
        assertThat(c.getReceiveMaximum()).isEqualTo(2000);
        assertThat(c.isAutomaticReconnect()).isTrue();
        assertThat(c.getUserName()).isEqualTo("hub");
        assertThat(c.getPassword()).isEqualTo(PASSWORD);
    }

    @Test
    void anAnonymousBrokerGetsNoCredentials() throws Exception {
        PahoMqtt5Configuration c = consumerOf(INGEST_SOURCE, properties("", ""));
        assertThat(c.getUserName()).isNullOrEmpty();
        assertThat(c.getPassword()).isNullOrEmpty();
    }
}
