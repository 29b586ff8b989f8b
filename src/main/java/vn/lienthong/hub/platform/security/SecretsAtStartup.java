package vn.lienthong.hub.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.HubProperties;

/**
 * Sandbox: prints, once, the secrets generated for this start. Production: refuses to start with a missing or
 * sandbox-default secret, or with an embedded server.
 */
@Component
class SecretsAtStartup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SecretsAtStartup.class);

    private final Environment env;
    private final HubProperties hub;
    private final ClientRegistry clients;
    private final OperatorAccounts operators;

    SecretsAtStartup(Environment env, HubProperties hub, ClientRegistry clients, OperatorAccounts operators) {
        this.env = env;
        this.hub = hub;
        this.clients = clients;
        this.operators = operators;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (env.acceptsProfiles(Profiles.of("production"))) {
            checkProduction();
            return;
        }
        Map<String, String> keys = clients.generatedKeys();
        Map<String, String> passwords = operators.generatedPasswords();
        if (keys.isEmpty() && passwords.isEmpty()) {
            return;
        }
        StringBuilder banner = new StringBuilder("\n=== Sandbox credentials generated for this start (set them in configuration to keep them) ===\n");
        keys.forEach((client, key) -> banner.append(String.format("  API key   %-8s X-API-Key: %s%n", client, key)));
        passwords.forEach((user, pw) -> banner.append(String.format("  operator  %-8s password:  %s%n", user, pw)));
        banner.append("===");
        log.warn(banner.toString());
        keys.clear();
        passwords.clear();
    }

    private void checkProduction() {
        List<String> problems = new ArrayList<>();
        for (String id : ClientRegistry.CLIENTS) {
            HubProperties.Client c = hub.getSecurity().getClients().get(id);
            if (c == null || Secrets.isSandboxDefault(c.getApiKey())) {
                problems.add("hub.security.clients." + id + ".api-key");
            }
        }
        hub.getSecurity().getOperators().forEach((name, op) -> {
            if (Secrets.isSandboxDefault(op.getPassword())) {
                problems.add("hub.security.operators." + name + ".password");
            }
        });
        for (String p : List.of("spring.datasource.password", "spring.artemis.password",
                "hub.partners.police.api-key", "hub.partners.bhxh.api-key", "hub.partners.tax.api-key",
                "hub.partners.vnpost.api-key", "hub.post.webhook-secret",
                "hub.axis.keystore.password", "hub.axis.truststore.password")) {
            if (Secrets.isSandboxDefault(env.getProperty(p))) {
                problems.add(p);
            }
        }
        for (String part : List.of("postgres", "artemis", "kafka")) {
            if (Boolean.TRUE.equals(env.getProperty("hub.embedded." + part + ".enabled", Boolean.class))) {
                problems.add("embedded " + part + " (set its external address)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The production profile refuses to start with missing or sandbox-default "
                    + "secrets or embedded servers: " + problems);
        }
    }
}
