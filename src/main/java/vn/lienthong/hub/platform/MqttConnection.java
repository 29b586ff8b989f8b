package vn.lienthong.hub.platform;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where the hall devices' MQTT broker is — the embedded acceptor of the sandbox, or {@code hub.mqtt.url} — and the
 * hub's own credentials there (with the embedded broker: its internal user, see {@code ArtemisPlatformConfig}).
 */
@Component
public class MqttConnection {

    private final String url;
    private final boolean embedded;
    private final String username;
    private final String password;
    private final String clientId;

    MqttConnection(HubProperties hub, ObjectProvider<ArtemisPlatformConfig.EmbeddedArtemisPorts> ports) {
        String configured = hub.getMqtt().getUrl();
        ArtemisPlatformConfig.EmbeddedArtemisPorts embeddedPorts = ports.getIfAvailable();
        String embeddedUrl = embeddedPorts == null ? null : "tcp://127.0.0.1:" + embeddedPorts.mqtt();
        if (configured != null && !configured.isBlank()) {
            this.url = configured;
            // the embedded settings fill hub.mqtt.url with the acceptor's address
            this.embedded = configured.equals(embeddedUrl);
        } else if (embeddedUrl != null) {
            this.url = embeddedUrl;
            this.embedded = true;
        } else {
            throw new IllegalStateException("hub.mqtt.url must be set when Artemis is external (spring.artemis.broker-url)");
        }
        this.username = hub.getMqtt().getUsername();
        this.password = hub.getMqtt().getPassword();
        this.clientId = hub.getMqtt().getClientId();
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

    /** The hub's user name on the devices' broker; empty for an anonymous external broker. */
    public String username() {
        return username == null ? "" : username;
    }

    /** The hub's password on the devices' broker (never logged). */
    public String password() {
        return password == null ? "" : password;
    }

    /** Client id of the hub's ingest subscription. */
    public String clientId() {
        return clientId;
    }
}
