package vn.lienthong.hub.console;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is at the console and what they may do: VIEWER sees, OPERATOR acts, ADMIN configures (roles nest). */
@Component
class Operators {

    private final RoleHierarchy roles;

    Operators(RoleHierarchy roles) {
        this.roles = roles;
    }

    String name() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    boolean has(String role) {
        return has(SecurityContextHolder.getContext().getAuthentication(), role);
    }

    boolean has(Authentication auth, String role) {
        return auth != null && reachable(auth.getAuthorities()).contains("ROLE_" + role);
    }

    /** OPERATOR and above may act (replay, discard, suspend…); a VIEWER only sees, with personal data masked. */
    boolean canAct() {
        return has("OPERATOR");
    }

    /** The highest role held, as shown next to the user name and kept in the audit. */
    String role() {
        return role(SecurityContextHolder.getContext().getAuthentication());
    }

    String role(Authentication auth) {
        if (has(auth, "ADMIN")) {
            return "ADMIN";
        }
        if (has(auth, "OPERATOR")) {
            return "OPERATOR";
        }
        return has(auth, "VIEWER") ? "VIEWER" : null;
    }

    private Set<String> reachable(Collection<? extends GrantedAuthority> granted) {
        return roles.getReachableGrantedAuthorities(granted).stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    }
}
