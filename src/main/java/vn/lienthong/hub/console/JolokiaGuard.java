package vn.lienthong.hub.console;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import vn.lienthong.hub.platform.web.CachedBody;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Jolokia (and Hawtio, which speaks to it) for operators: a VIEWER may read, list and search MBeans and call
 * operations that only report ({@code dump…}, {@code get…}, {@code list…}, {@code count…}, {@code is…}, …); writing
 * an attribute or any other operation needs an OPERATOR and is audited. Operations that show message payloads (personal
 * data: {@code browse…}, {@code list…Messages}, traced messages, bodies) need an OPERATOR too. Proxy requests to other
 * JMX agents are refused to everybody, and so are dumps of route definitions with their property placeholders resolved
 * ({@code dumpRoutesAsXml(true)} and the like): they would show the secrets the connectors are configured with (the
 * hub's keys at the partners, the axis keystore's password). Spring Security has already refused anonymous callers
 * before this filter runs.
 */
class JolokiaGuard extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;
    /** Operations that only report: allowed to VIEWER, not audited. */
    static final Pattern REPORTING = Pattern.compile(
            "^(dump|get|is|has|list|count|can|explain|describe|find|query|retrieve|show|lookup|info|status).*",
            Pattern.CASE_INSENSITIVE);
    /** Operations that read message payloads (personal data): OPERATOR, not audited. */
    static final Pattern PAYLOAD_READING = Pattern.compile("^browse.*|^list.*messages.*|.*(traced|body|payload).*",
            Pattern.CASE_INSENSITIVE);
    /** Camel's dumps of route, REST and template definitions, whose first argument (if any) is resolvePlaceholders. */
    static final Pattern DEFINITION_DUMP = Pattern.compile("^dump(Route|Routes|Rests|RouteTemplates?)As(Xml|Yaml)$",
            Pattern.CASE_INSENSITIVE);

    private final Operators operators;
    private final OperatorAudit audit;

    JolokiaGuard(Operators operators, OperatorAudit audit) {
        this.operators = operators;
        this.audit = audit;
    }

    /**
     * One Jolokia request: its type, MBean, operation or attribute, whether it asks for a proxy target, and its first
     * argument (an operation's, or the value of a write; null if none).
     */
    record Call(String type, String mbean, String member, boolean proxied, String firstArgument) {

        Call(String type, String mbean, String member, boolean proxied) {
            this(type, mbean, member, proxied, null);
        }

        /** A dump of route definitions with the placeholders resolved: the connectors' secrets in clear. */
        boolean revealsSecrets() {
            if (!"exec".equals(type) || member == null) {
                return false;
            }
            String op = member.contains("(") ? member.substring(0, member.indexOf('(')) : member;
            return DEFINITION_DUMP.matcher(op.strip()).matches() && "true".equalsIgnoreCase(String.valueOf(firstArgument).strip());
        }

        boolean changes() {
            String op = member == null ? "" : member;
            return "write".equals(type) || ("exec".equals(type) && !PAYLOAD_READING.matcher(op).matches()
                    && !REPORTING.matcher(op).matches());
        }

        boolean readsPayloads() {
            return "exec".equals(type) && member != null && PAYLOAD_READING.matcher(member).matches();
        }

        String describe() {
            return type + " " + mbean + (member == null ? "" : " " + member);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest req = request;
        List<Call> calls;
        try {
            if ("POST".equalsIgnoreCase(request.getMethod())) {
                byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Jolokia request too large");
                    return;
                }
                req = new CachedBody(request, body);
                calls = fromBody(body);
            } else {
                calls = List.of(fromPath(request));
            }
        } catch (RuntimeException e) {
            Problems.write(response, HttpStatus.BAD_REQUEST, "invalid-jolokia-request", "not a Jolokia request");
            return;
        }
        boolean operator = operators.canAct();
        for (Call c : calls) {
            if (c.proxied()) {
                Problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "Jolokia proxy requests are not allowed");
                return;
            }
            if (c.revealsSecrets()) {
                Problems.write(response, HttpStatus.FORBIDDEN, "forbidden", c.describe() + " with resolved placeholders "
                        + "would show the connectors' secrets; dump without resolving them (false).");
                return;
            }
            if ((c.changes() || c.readsPayloads()) && !operator) {
                Problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                        "A VIEWER may read; " + c.describe() + " needs an OPERATOR.");
                return;
            }
        }
        for (Call c : calls) {
            if (c.changes()) {
                audit.record("JOLOKIA_" + c.type().toUpperCase(Locale.ROOT), c.mbean() + (c.member() == null ? "" : " " + c.member()),
                        null, null, null, OperatorAudit.OK, "through " + request.getRequestURI());
            }
        }
        chain.doFilter(req, response);
    }

    static List<Call> fromBody(byte[] body) throws IOException {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode node = JSON.readTree(body);
        List<Call> calls = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> calls.add(call(n)));
        } else {
            calls.add(call(node));
        }
        return calls;
    }

    private static Call call(JsonNode n) {
        String type = n.path("type").asText("").toLowerCase(Locale.ROOT);
        String member = "exec".equals(type) ? n.path("operation").asText(null)
                : "write".equals(type) ? n.path("attribute").asText(null) : null;
        JsonNode arguments = n.path("arguments");
        JsonNode first = arguments.isArray() ? arguments.path(0) : arguments;
        String firstArgument = first.isMissingNode() || first.isNull() ? null
                : first.isValueNode() ? first.asText() : first.toString();
        return new Call(type, n.path("mbean").asText(null), member, n.hasNonNull("target"), firstArgument);
    }

    /** GET /jolokia/&lt;type&gt;/&lt;mbean&gt;/&lt;operation or attribute&gt;/… or ?p=/&lt;type&gt;/… */
    static Call fromPath(HttpServletRequest request) {
        String p = request.getParameter("p");
        String path = p != null ? p : request.getRequestURI().substring(request.getContextPath().length());
        int at = path.indexOf("/jolokia");
        if (p == null && at >= 0) {
            path = path.substring(at + "/jolokia".length());
        }
        List<String> parts = segments(path.replaceFirst("^/+", ""));
        String type = parts.isEmpty() || parts.get(0).isEmpty() ? "version" : parts.get(0).toLowerCase(Locale.ROOT);
        String mbean = parts.size() > 1 ? parts.get(1) : null;
        String member = parts.size() > 2 ? parts.get(2) : null;
        if (member != null && member.contains("(")) {
            member = member.substring(0, member.indexOf('('));
        }
        return new Call(type, mbean, "exec".equals(type) || "write".equals(type) ? member : null,
                request.getParameter("target") != null, parts.size() > 3 ? parts.get(3) : null);
    }

    /** Path segments as Jolokia reads them: {@code /} separates, {@code !} escapes the next character. */
    static List<String> segments(String path) {
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < decoded.length(); i++) {
            char ch = decoded.charAt(i);
            if (ch == '!' && i + 1 < decoded.length()) {
                cur.append(decoded.charAt(++i));
            } else if (ch == '/') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

}
