package vn.lienthong.hub.axis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.contract.axis.AuthenticatedRequest;
import vn.lienthong.hub.contract.axis.Login;
import vn.lienthong.hub.contract.axis.LoginResponse;

/**
 * The session token the axis gives at {@code Login}, one per axis address, shared by every route that calls it
 * (connectors/axis-action.kamelet.yaml). A token is renewed shortly before it expires, and at once when the axis
 * answers {@code token-expired} (it forgot the session, e.g. after a restart): {@link AxisWsSecurity} forgets the
 * token, the call fails, and the retry logs in again. Any retried call logs in again first (see
 * {@link #needsLogin}).
 */
@Component("axisSession")
public class AxisSession {

    /** Header naming the axis address a call goes to (set by the Kamelet). */
    public static final String URL = "HubAxisUrl";
    static final String OPERATION = "operationName";
    static final String OPERATION_NAMESPACE = "operationNamespace";
    static final String NAMESPACE = "urn:lienthong:axis:v1";
    private static final String PENDING_CALL = "HubAxisPendingCall";
    /** The failure after which this exchange last logged in again. */
    private static final String RENEWED_AFTER = "HubAxisRenewedAfter";
    /** The headers the message had before a call: CXF adds the reply's (SOAP headers among them) to the message. */
    private static final String HEADERS_BEFORE = "HubAxisHeadersBefore";
    /** CXF's SOAP headers of a message: those of a reply must never go out again with the next request. */
    private static final String SOAP_HEADERS = "org.apache.cxf.headers.Header.list";
    private static final Logger log = LoggerFactory.getLogger(AxisSession.class);
    /** Renew this long before the axis's expiry (at most a fifth of the token's life). */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private record Token(String value, Instant renewAt) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AxisSettings settings;

    AxisSession(AxisSettings settings) {
        this.settings = settings;
    }

    /**
     * Whether the next call to this axis needs a Login first: there is no session yet, it is about to expire, or
     * this exchange is being tried again after a failure. That failure may have been the axis restarting, which
     * forgets every session: retried with the old token the call would only fail again ({@code token-expired}) and
     * wait out one more back-off — up to a minute — before the next attempt logged in. One Login per retry is cheap.
     */
    public boolean needsLogin(Exchange exchange) {
        Token t = tokens.get(url(exchange));
        if (t == null || !Instant.now().isBefore(t.renewAt())) {
            return true;
        }
        Throwable failed = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failed != null && exchange.getProperty(RENEWED_AFTER) != failed) {
            // once per failed attempt (a delivery makes two calls, SyncDossier then UpdateProgress)
            exchange.setProperty(RENEWED_AFTER, failed);
            return true;
        }
        return false;
    }

    /** Sets the call aside and makes the body a Login. */
    public Login login(Exchange exchange) {
        exchange.setProperty(PENDING_CALL, exchange.getIn().getBody());
        exchange.getIn().removeHeader(SOAP_HEADERS);
        exchange.getIn().setHeader(OPERATION, "Login");
        exchange.getIn().setHeader(OPERATION_NAMESPACE, NAMESPACE);
        remember(exchange);
        Login login = new Login();
        login.setSystemId(settings.getSystemId());
        return login;
    }

    /** Keeps the token the axis gave and puts the call back as the body. */
    public void loggedIn(Exchange exchange) {
        LoginResponse answer = unwrap(exchange.getIn().getBody(), LoginResponse.class);
        forgetReplyHeaders(exchange);
        Instant expires = PortalTime.parse(answer.getExpiresAt());
        Duration life = Duration.ofSeconds(Math.max(1, answer.getTtlSeconds()));
        Duration margin = life.dividedBy(5).compareTo(MARGIN) < 0 ? life.dividedBy(5) : MARGIN;
        // trust the relative lifetime more than the axis's clock
        Instant byTtl = Instant.now().plus(life).minus(margin);
        Instant renewAt = expires == null || byTtl.isBefore(expires.minus(margin)) ? byTtl : expires.minus(margin);
        tokens.put(url(exchange), new Token(answer.getToken(), renewAt));
        log.info("Logged in at the national axis {} (token valid for {} s)", url(exchange), life.toSeconds());
        exchange.getIn().setBody(exchange.getProperty(PENDING_CALL));
        exchange.removeProperty(PENDING_CALL);
    }

    /** Puts the session token into the call and names the operation (the request's element name). */
    public void stamp(Exchange exchange) {
        Message in = exchange.getIn();
        Object call = in.getBody();
        if (!(call instanceof AuthenticatedRequest request)) {
            throw new IllegalArgumentException("axis-action: the body must be a request of the axis contract, not "
                    + (call == null ? "nothing" : call.getClass().getName()));
        }
        Token t = tokens.get(url(exchange));
        if (t == null) {
            throw new IllegalStateException("axis-action: no session at " + url(exchange));
        }
        request.setToken(t.value());
        in.removeHeader(SOAP_HEADERS);
        in.setHeader(OPERATION, call.getClass().getSimpleName());
        in.setHeader(OPERATION_NAMESPACE, NAMESPACE);
        remember(exchange);
    }

    /** The axis's answer as the body (not CXF's list of parts); CXF's own headers removed. */
    public Object answer(Exchange exchange) {
        Message in = exchange.getIn();
        Object body = unwrap(in.getBody(), Object.class);
        forgetReplyHeaders(exchange);
        return body;
    }

    private static void remember(Exchange exchange) {
        exchange.setProperty(HEADERS_BEFORE, new HashSet<>(exchange.getIn().getHeaders().keySet()));
    }

    /** Removes what the call added to the message's headers (the reply's HTTP and SOAP headers, its context). */
    @SuppressWarnings("unchecked")
    private static void forgetReplyHeaders(Exchange exchange) {
        Set<String> before = exchange.getProperty(HEADERS_BEFORE, Set.class);
        Message in = exchange.getIn();
        List<String> added = new ArrayList<>();
        for (String name : in.getHeaders().keySet()) {
            if (before == null ? name.startsWith("org.apache.cxf") : !before.contains(name)) {
                added.add(name);
            }
        }
        added.forEach(in::removeHeader);
        in.removeHeader(OPERATION);
        in.removeHeader(OPERATION_NAMESPACE);
        exchange.removeProperty(HEADERS_BEFORE);
    }

    /** The axis no longer knows this token: the next call logs in again. */
    public void forget(String url, String reason) {
        if (url != null && tokens.remove(url) != null) {
            log.info("National axis session at {} dropped ({}); the next call logs in again", url, reason);
        }
    }

    private static String url(Exchange exchange) {
        String url = exchange.getIn().getHeader(URL, String.class);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("axis-action: header " + URL + " missing");
        }
        return url;
    }

    private static <T> T unwrap(Object body, Class<T> type) {
        Object o = body;
        if (o instanceof List<?> parts && parts.size() == 1) {
            o = parts.get(0);
        } else if (o instanceof Object[] parts && parts.length == 1) {
            o = parts[0];
        }
        if (!type.isInstance(o)) {
            throw new IllegalStateException("the axis answered " + (o == null ? "nothing" : o.getClass().getName())
                    + " where " + type.getSimpleName() + " was expected");
        }
        return type.cast(o);
    }
}
