package vn.lienthong.hub.platform;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Where the hall devices' MQTT broker is: the embedded acceptor of the sandbox, or {@code hub.mqtt.url}. */
@Component
public class MqttConnection {

    private final String url;
    private final boolean embedded;

    MqttConnection(HubProperties hub, ObjectProvider<ArtemisPlatformConfig.EmbeddedArtemisPorts> ports) {
        String configured = hub.getMqtt().getUrl();
        ArtemisPlatformConfig.EmbeddedArtemisPorts embeddedPorts = ports.getIfAvailable();
        if (configured != null && !configured.isBlank()) {
            this.url = configured;
            this.embedded = false;
        } else if (embeddedPorts != null) {
            this.url = "tcp://127.0.0.1:" + embeddedPorts.mqtt();
            this.embedded = true;
        } else {
            throw new IllegalStateException("hub.mqtt.url must be set when Artemis is external (spring.artemis.broker-url)");
        }
    }

    public String url() {
        return url;
    }

    public boolean embedded() {
        return embedded;
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }
}
