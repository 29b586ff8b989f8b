package vn.lienthong.hub.platform.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.HubProperties;

/**
 * The systems that call the hub, each with an API key bound to a client id and its roles. Only the SHA-256 of
 * each key is kept. A client with no configured key gets a generated one (sandbox), announced once at start-up.
 */
@Component
public class ClientRegistry {

    /** The partner systems of DESIGN.md. */
    public static final List<String> CLIENTS = List.of("onestop", "tax", "police", "bhxh", "vnpost", "axis");

    private final Map<String, ApiClient> byKeyHash = new LinkedHashMap<>();
    private final Map<String, String> generated = new LinkedHashMap<>();
    /** Clear keys, kept only in sandbox mode, for the simulated partners that call the hub back. */
    private final Map<String, String> sandboxKeys = new LinkedHashMap<>();

    ClientRegistry(HubProperties hub, org.springframework.core.env.Environment env) {
        boolean sandbox = env.getProperty("hub.sandbox.enabled", Boolean.class, true);
        Map<String, HubProperties.Client> configured = hub.getSecurity().getClients();
        for (String id : CLIENTS) {
            HubProperties.Client client = configured.getOrDefault(id, new HubProperties.Client());
            String key = client.getApiKey();
            if (key == null || key.isBlank()) {
                key = Secrets.generate();
                generated.put(id, key);
            }
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(new SimpleGrantedAuthority("ROLE_CLIENT"));
            authorities.add(new SimpleGrantedAuthority("CLIENT_" + id));
            client.getRoles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
            byKeyHash.put(Secrets.sha256(key), new ApiClient(id, List.copyOf(authorities)));
            if (sandbox) {
                sandboxKeys.put(id, key);
            }
        }
        for (String id : configured.keySet()) {
            if (!CLIENTS.contains(id)) {
                throw new IllegalStateException("unknown client '" + id + "' in hub.security.clients; known: " + CLIENTS);
            }
        }
    }

    public Optional<ApiClient> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 256) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyHash.get(Secrets.sha256(apiKey)));
    }

    /** The key of a client, for a sandbox simulator playing that client; empty outside sandbox mode. */
    public Optional<String> sandboxKey(String client) {
        return Optional.ofNullable(sandboxKeys.get(client));
    }

    /** Keys generated at this start-up (client id → key); printed once, then forgotten by the caller. */
    Map<String, String> generatedKeys() {
        return generated;
    }

    /** An authenticated system. */
    public record ApiClient(String id, List<GrantedAuthority> authorities) {
    }
}
