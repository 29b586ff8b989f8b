package vn.lienthong.hub.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.security.impl.SecurityStoreImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The embedded broker's security manager (installed by {@code ArtemisPlatformConfig}): who may connect, and what
 * each one may do.
 * <ul>
 * <li>The hub's internal user ({@code spring.artemis.user/password}, and {@code hub.mqtt.username/password} when
 * the devices use this broker) may do everything: Spring's JMS connection factory, camel-jms, the health check,
 * the hub's own MQTT ingest client, tools given those credentials. An in-VM connection without credentials counts
 * as internal too: only code inside this JVM can open one.</li>
 * <li>A registered device (username and password checked against the BCrypt hash of the registry) may only
 * <em>send</em> to the addresses of its own topics {@code hcc.<center>.<channel>.<deviceId>}, on the channels of its
 * kind (rating pads: rating and status; kiosks and counters: queue and status) — and create those addresses on its
 * first message. Nothing else: no subscribing, browsing or managing. A device may not take a client id of the
 * hub's own ({@code hub-…}), so it cannot steal the ingest session.</li>
 * <li>Anyone else is refused at connect.</li>
 * </ul>
 * Artemis caches the outcome of both checks for {@code security-invalidation-interval} (10 s).
 */
@Component
@ConditionalOnProperty(name = "hub.embedded.artemis.enabled", havingValue = "true")
public class DeviceBrokerSecurity implements ActiveMQSecurityManager5 {

    private static final Logger log = LoggerFactory.getLogger(DeviceBrokerSecurity.class);
    /** Role of the hub's internal user. */
    static final String HUB_ROLE = "hub";
    /** Role of a registered device. */
    static final String DEVICE_ROLE = "device";
    /** Client ids reserved for the hub's own MQTT clients. */
    static final String RESERVED_CLIENT_ID_PREFIX = "hub-";

    private final Environment env;
    private final ObjectProvider<DeviceRegistry> registry;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    DeviceBrokerSecurity(Environment env, ObjectProvider<DeviceRegistry> registry, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.env = env;
        this.registry = registry;
        this.broker = broker;
    }

    /**
     * A device removed or re-registered: forget the broker's cached checks and close its open connections, so the
     * old credentials stop working at once (not only after the broker's cache expires).
     */
    @EventListener
    void credentialsChanged(DeviceRegistry.CredentialsChanged change) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null) {
            return;
        }
        if (server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
            store.invalidateAuthorizationCache();
        }
        server.getRemotingService().getConnections().stream()
                .filter(c -> c.getSubject() != null && c.getSubject().getPrincipals(DevicePrincipal.class).stream()
                        .anyMatch(p -> p.identity().deviceId().equals(change.deviceId())))
                .forEach(c -> {
                    log.info("Closing the broker connection of device {} from {}: its registration changed",
                            change.deviceId(), c.getRemoteAddress());
                    c.fail(new ActiveMQSecurityException("device " + change.deviceId() + " was removed or re-registered"));
                });
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null && password == null && connection != null
                && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(internalUser(), HUB_ROLE, null);
        }
        if (user == null || user.isBlank() || password == null) {
            refused(user, connection, "no credentials");
            return null;
        }
        if (isInternal(user, password)) {
            return subject(user, HUB_ROLE, null);
        }
        Optional<DeviceIdentity> device;
        try {
            device = registry.getObject().verify(user, password);
        } catch (RuntimeException e) {
            log.warn("Cannot check the credentials of {}: {}", user, e.getMessage());
            return null;
        }
        if (device.isEmpty()) {
            refused(user, connection, "unknown user or wrong password");
            return null;
        }
        String clientId = connection == null ? null : connection.getClientID();
        if (clientId != null && clientId.startsWith(RESERVED_CLIENT_ID_PREFIX)) {
            refused(user, connection, "client id " + clientId + " is reserved for the hub");
            return null;
        }
        return subject(user, DEVICE_ROLE, device.get());
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        if (subject.getPrincipals(RolePrincipal.class).stream().anyMatch(r -> HUB_ROLE.equals(r.getName()))) {
            return true;
        }
        Optional<DevicePrincipal> device = subject.getPrincipals(DevicePrincipal.class).stream().findFirst();
        boolean allowed = device.isPresent() && mayDo(device.get().identity(), checkType, address);
        if (!allowed) {
            log.warn("Broker refused {} on {} to {}", checkType, address,
                    device.map(d -> "device " + d.identity().deviceId()).orElse("an unknown subject"));
        }
        return allowed;
    }

    /** What a device may do on the broker: send to (and create) the addresses of its own topics, nothing else. */
    static boolean mayDo(DeviceIdentity device, CheckType checkType, String address) {
        if (checkType != CheckType.SEND && checkType != CheckType.CREATE_ADDRESS) {
            return false;
        }
        return DeviceTopic.parseAddress(address).map(device::mayPublishOn).orElse(false);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        // not called for an ActiveMQSecurityManager5 (authenticate + authorize are); refuse rather than guess
        return false;
    }

    private boolean isInternal(String user, String password) {
        for (List<String> keys : List.of(List.of("spring.artemis.user", "spring.artemis.password"),
                List.of("hub.mqtt.username", "hub.mqtt.password"))) {
            String u = env.getProperty(keys.get(0));
            String p = env.getProperty(keys.get(1));
            if (u != null && !u.isBlank() && p != null && !p.isBlank() && u.equals(user)
                    && MessageDigest.isEqual(p.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private String internalUser() {
        return env.getProperty("spring.artemis.user", "hub");
    }

    private static Subject subject(String user, String role, DeviceIdentity device) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        if (device != null) {
            subject.getPrincipals().add(new DevicePrincipal(device));
        }
        return subject;
    }

    private static void refused(String user, RemotingConnection connection, String why) {
        log.warn("Broker refused a connection from {} as '{}': {}",
                connection == null ? "?" : connection.getRemoteAddress(), user, why);
    }

    /** The device a broker subject is. */
    record DevicePrincipal(DeviceIdentity identity) implements Principal {
        @Override
        public String getName() {
            return identity.deviceId();
        }
    }
}
