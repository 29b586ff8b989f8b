package vn.lienthong.hub.platform.web;

import java.util.function.Predicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's request firewall with its default rules, checked by a loop over the characters instead of a
 * regular expression. The firewall checks a header's name and value every time anything reads the header (the
 * API-key filter, Spring MVC's content negotiation, which copies every header, the HTTP metrics): with its default
 * patterns ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, tab also allowed in values) that was 2.5 % of the hub's CPU
 * during an intake burst (flight recording, 2026-12-06). The rules are the same: a name or parameter name may hold
 * any assigned character but a control character, a value also the tab. {@code RequestFirewallTest} checks them
 * against Spring Security's own predicates, character by character.
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

    /** Picked up by Spring Security's {@code WebSecurity} for its filter chain proxy. */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(NAME);
        firewall.setAllowedHeaderValues(HEADER_VALUE);
        firewall.setAllowedParameterNames(NAME);
        return firewall;
    }

    /** As {@link StrictHttpFirewall#ALLOWED_HEADER_NAMES} and {@link StrictHttpFirewall#ALLOWED_PARAMETER_NAMES}. */
    static final Predicate<String> NAME = s -> assignedAndNotControl(s, false);

    /** As {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES}: a tab is allowed too. */
    static final Predicate<String> HEADER_VALUE = s -> assignedAndNotControl(s, true);

    private static boolean assignedAndNotControl(String s, boolean tab) {
        for (int i = 0, n = s.length(); i < n; ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) { // printable ASCII: all of an ordinary header
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && cp == '\t'))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
