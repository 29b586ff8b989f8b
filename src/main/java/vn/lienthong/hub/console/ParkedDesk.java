package vn.lienthong.hub.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.util.URISupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parked messages ({@code parked_message}): what failed outside a partner delivery and no retry fixes (a malformed
 * event, a refused device message…). An operator replays one — resent to the endpoint it failed at, or else to its
 * route's own {@code direct:}/{@code seda:} entry — or discards it with a reason. Both audited; a row is resolved
 * once, under a row lock.
 */
@Component
class ParkedDesk {

    static final int LIMIT = 200;
    private static final Set<String> ENTRY_SCHEMES = Set.of("direct", "seda");

    record Parked(long id, String parkedAt, String route, String endpoint, String source, String reason,
            String dossierCode, String payload, String replayTo) {
    }

    private final JdbcTemplate jdbc;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final TransactionTemplate tx;
    private final OperatorAudit audit;
    private final Operators operators;
    private final ConsoleFormat format;
    private final ObjectMapper json;

    ParkedDesk(JdbcTemplate jdbc, CamelContext camel, ProducerTemplate producer, TransactionTemplate tx,
            OperatorAudit audit, Operators operators, ConsoleFormat format, ObjectMapper json) {
        this.jdbc = jdbc;
        this.camel = camel;
        this.producer = producer;
        this.tx = tx;
        this.audit = audit;
        this.operators = operators;
        this.format = format;
        this.json = json;
    }

    /** Messages still parked, newest first. */
    List<Parked> open(boolean mask) {
        return jdbc.query("""
                select id, parked_at, route_id, endpoint, source, reason, dossier_code, body from parked_message
                where status = 'PARKED' order by id desc limit ?""", (rs, i) -> {
            String endpoint = rs.getString("endpoint");
            String route = rs.getString("route_id");
            String replayTo = replayTarget(endpoint, route);
            return new Parked(rs.getLong("id"), format.at(rs.getTimestamp("parked_at")), route, sanitize(endpoint),
                    rs.getString("source"), rs.getString("reason"), rs.getString("dossier_code"),
                    PersonalDataMask.display(rs.getString("body"), mask), sanitize(replayTo));
        }, LIMIT);
    }

    long count() {
        Long n = jdbc.queryForObject("select count(*) from parked_message where status = 'PARKED'", Long.class);
        return n == null ? 0 : n;
    }

    /** Where a replay sends the message: the endpoint it failed at, or its route's direct/seda entry; null: nowhere. */
    String replayTarget(String endpoint, String routeId) {
        if (endpoint != null && !endpoint.isBlank()) {
            return endpoint;
        }
        Route route = routeId == null ? null : camel.getRoute(routeId);
        Endpoint from = route == null ? null : route.getEndpoint();
        if (from != null) {
            String scheme = from.getEndpointUri().split(":", 2)[0];
            if (ENTRY_SCHEMES.contains(scheme)) {
                return from.getEndpointUri();
            }
        }
        return null;
    }

    String replay(long id, String reason) {
        return resolve(id, reason, true);
    }

    String discard(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ConsoleProblem(400, "reason-required", "a discard needs a reason");
        }
        return resolve(id, reason, false);
    }

    private String resolve(long id, String reason, boolean replay) {
        String action = replay ? "PARKED_REPLAY" : "PARKED_DISCARD";
        String target = "parked_message " + id;
        try {
            String after = tx.execute(status -> {
                List<Map<String, Object>> rows = jdbc.queryForList("""
                        select route_id, endpoint, body, headers::text as headers, status from parked_message
                        where id = ? for update""", id);
                if (rows.isEmpty()) {
                    throw new ConsoleProblem(404, "unknown-parked-message", "no parked message " + id);
                }
                Map<String, Object> row = rows.get(0);
                if (!"PARKED".equals(row.get("status"))) {
                    throw new ConsoleProblem(409, "already-resolved", "parked message " + id + " is " + row.get("status"));
                }
                String resolution;
                String newStatus;
                if (replay) {
                    String to = replayTarget((String) row.get("endpoint"), (String) row.get("route_id"));
                    if (to == null) {
                        throw new ConsoleProblem(409, "no-replay-target",
                                "the endpoint this message failed at is not known; discard it or resend it by hand");
                    }
                    Exchange sent = producer.send(to, e -> {
                        e.getIn().setBody(row.get("body"));
                        e.getIn().getHeaders().putAll(headers((String) row.get("headers")));
                    });
                    if (sent.getException() != null) {
                        throw new ConsoleProblem(502, "replay-failed", "replay to " + sanitize(to) + " failed: "
                                + sent.getException().getMessage());
                    }
                    newStatus = "REPLAYED";
                    resolution = "replayed to " + sanitize(to) + (reason == null || reason.isBlank() ? "" : ": " + reason);
                } else {
                    newStatus = "DISCARDED";
                    resolution = reason;
                }
                jdbc.update("""
                        update parked_message set status = ?, resolved_at = now(), resolved_by = ?, resolution = ?
                        where id = ?""", newStatus, operators.name(), resolution, id);
                return newStatus;
            });
            audit.record(action, target, "PARKED", after, reason, OperatorAudit.OK, null);
            return after;
        } catch (ConsoleProblem e) {
            audit.record(action, target, null, null, reason, OperatorAudit.FAILED, e.getMessage());
            throw e;
        }
    }

    /** The headers it was parked with, without Camel's own. */
    private Map<String, Object> headers(String stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (stored == null) {
            return out;
        }
        try {
            Map<String, Object> h = json.readValue(stored, new TypeReference<Map<String, Object>>() { });
            h.forEach((k, v) -> {
                if (!k.startsWith("Camel") && !k.startsWith("camel") && !k.startsWith("JMS")) {
                    out.put(k, v);
                }
            });
        } catch (Exception e) {
            // replay with the body alone
        }
        return out;
    }

    /** Endpoint URIs may carry credentials in their options: never shown. */
    static String sanitize(String uri) {
        return uri == null ? null : URISupport.sanitizeUri(uri);
    }
}
