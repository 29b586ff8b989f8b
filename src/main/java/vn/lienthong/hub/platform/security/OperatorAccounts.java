package vn.lienthong.hub.platform.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import vn.lienthong.hub.platform.HubProperties;

/**
 * The center's operators (VIEWER sees, OPERATOR acts, ADMIN configures). Passwords are kept as BCrypt hashes; a
 * missing password is generated (sandbox) and announced once at start-up.
 */
public final class OperatorAccounts {

    static final Set<String> ROLES = Set.of("VIEWER", "OPERATOR", "ADMIN");

    private final InMemoryUserDetailsManager users;
    private final Map<String, String> generated = new LinkedHashMap<>();

    OperatorAccounts(HubProperties hub, PasswordEncoder encoder) {
        List<UserDetails> details = new ArrayList<>();
        for (Map.Entry<String, HubProperties.Operator> e : hub.getSecurity().getOperators().entrySet()) {
            String role = e.getValue().getRole().toUpperCase();
            if (!ROLES.contains(role)) {
                throw new IllegalStateException("operator " + e.getKey() + " has unknown role " + role + "; use " + ROLES);
            }
            String password = e.getValue().getPassword();
            if (password == null || password.isBlank()) {
                password = Secrets.generate();
                generated.put(e.getKey(), password);
            }
            details.add(User.withUsername(e.getKey()).password(encoder.encode(password)).roles(role).build());
        }
        this.users = new InMemoryUserDetailsManager(details);
    }

    InMemoryUserDetailsManager userDetailsService() {
        return users;
    }

    Map<String, String> generatedPasswords() {
        return generated;
    }
}
