package vn.lienthong.hub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The operators' audit trail ({@code operator_audit}): who did what, when, to which target, the state before and
 * after and the reason given. Written for every console action, every Jolokia operation that changes something, and
 * every console login and logout; listed at {@code /console/audit}. Rows are never updated or deleted.
 */
@Component
class OperatorAudit {

    private static final Logger log = LoggerFactory.getLogger(OperatorAudit.class);
    static final String OK = "OK";
    static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;
    private final Operators operators;
    private final ConsoleFormat format;

    OperatorAudit(JdbcTemplate jdbc, Operators operators, ConsoleFormat format) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.format = format;
    }

    /** Records an action of the operator of the current request. */
    void record(String action, String target, String before, String after, String reason, String outcome, String detail) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        record(auth, action, target, before, after, reason, outcome, detail);
    }

    private void record(Authentication auth, String action, String target, String before, String after, String reason,
            String outcome, String detail) {
        String who = auth == null ? "anonymous" : auth.getName();
        jdbc.update("""
                insert into operator_audit (who, role, action, target, before_state, after_state, reason, outcome, detail,
                  remote_addr) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                who, operators.role(auth), action, cut(target, 500), cut(before, 4000), cut(after, 4000), cut(reason, 1000),
                outcome, cut(detail, 2000), remoteAddress());
        log.info("AUDIT {} {} {} {} → {} ({}){}", who, action, target, before, after, outcome,
                reason == null ? "" : " reason: " + reason);
    }

    @EventListener
    void onLogin(InteractiveAuthenticationSuccessEvent event) {
        record(event.getAuthentication(), "LOGIN", "console", null, null, null, OK, null);
    }

    @EventListener
    void onLogout(LogoutSuccessEvent event) {
        record(event.getAuthentication(), "LOGOUT", "console", null, null, null, OK, null);
    }

    /** The latest entries, newest first, optionally of one operator, action or target (substring). */
    List<Map<String, Object>> latest(int limit, String who, String action, String target) {
        StringBuilder sql = new StringBuilder("""
                select id, at, who, role, action, target, before_state as "before", after_state as "after", reason, outcome,
                       detail, remote_addr as "remoteAddr" from operator_audit where true""");
        List<Object> args = new ArrayList<>();
        if (who != null && !who.isBlank()) {
            sql.append(" and who = ?");
            args.add(who.trim());
        }
        if (action != null && !action.isBlank()) {
            sql.append(" and action = ?");
            args.add(action.trim());
        }
        if (target != null && !target.isBlank()) {
            sql.append(" and target ilike ?");
            args.add("%" + target.trim().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        sql.append(" order by at desc, id desc limit ?");
        args.add(Math.max(1, Math.min(limit, 1000)));
        List<Map<String, Object>> rows = jdbc.queryForList(sql.toString(), args.toArray());
        rows.forEach(r -> r.put("at", format.at(r.get("at"))));
        return rows;
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            HttpServletRequest req = attrs.getRequest();
            return req.getRemoteAddr();
        }
        return null;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
