package vn.lienthong.hub.console;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per partner (tax, police, bhxh, vnpost, axis): health, circuit-breaker state, work-queue and dead-letter depth,
 * last successful delivery and delivery lag; for the national axis also the sync rate and the oldest change the portal
 * does not hold yet. Every figure is read from what exists — a partner whose delivery route is not there yet shows as
 * not available. Computed at most every two seconds, however many consoles watch.
 */
@Component
class ConnectorBoard {

    static final List<String> PARTNERS = List.of("tax", "police", "bhxh", "vnpost", "axis");
    /** Delivery routes, as {@code DeadLetters} knows them: agency-deliver-police, post-deliver-vnpost, axis-deliver-axis. */
    static final Pattern DELIVERY_ROUTE = Pattern.compile("[a-z]+-deliver-([a-z]+)");
    private static final Duration FRESH = Duration.ofSeconds(2);

    record Connector(String partner, String route, String routeState, String health, String circuit,
            Float breakerFailureRate, Long queueDepth, Long dlqDepth, long queued, long parked, String lastSuccess,
            String lastSuccessAgo, String oldestQueuedAge, String meanLag, long delivered15m, long failed15m,
            Double successRate15m, Map<String, Object> sync) {
    }

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final QueueDepths queues;
    private final MeterRegistry meters;
    private final Tables tables;
    private final ConsoleFormat format;
    private volatile List<Connector> last;
    private volatile Instant lastAt = Instant.EPOCH;

    ConnectorBoard(CamelContext camel, JdbcTemplate jdbc, QueueDepths queues, MeterRegistry meters, Tables tables,
            ConsoleFormat format) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.queues = queues;
        this.meters = meters;
        this.tables = tables;
        this.format = format;
    }

    synchronized List<Connector> connectors() {
        if (last == null || lastAt.plus(FRESH).isBefore(Instant.now())) {
            last = compute();
            lastAt = Instant.now();
        }
        return last;
    }

    private List<Connector> compute() {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Route r : camel.getRoutes()) {
            Matcher m = DELIVERY_ROUTE.matcher(r.getRouteId());
            if (m.matches()) {
                routes.putIfAbsent(m.group(1), r);
            }
        }
        Set<String> partners = new LinkedHashSet<>(PARTNERS);
        partners.addAll(routes.keySet());
        Map<String, long[]> outcomes = outcomes();
        List<Connector> out = new ArrayList<>();
        for (String partner : partners) {
            out.add(connector(partner, routes.get(partner), outcomes.getOrDefault(partner, new long[2])));
        }
        return out;
    }

    private Connector connector(String partner, Route route, long[] outcomes) {
        String routeId = route == null ? null : route.getRouteId();
        ServiceStatus status = routeId == null ? null : camel.getRouteController().getRouteStatus(routeId);
        ResilienceProcessor breaker = route == null ? null : find(route.navigate(), 0);
        String circuit = breaker == null ? null : breaker.getCircuitBreakerState();
        Float breakerRate = breaker == null || breaker.getFailureRate() < 0 ? null : breaker.getFailureRate();
        OptionalLong queue = queues.depth("hub.outbound." + partner);
        OptionalLong dlq = queues.depth("DLQ.hub.outbound." + partner);
        long queued = count("select count(*) from partner_delivery where partner = ? and status = 'QUEUED'", partner);
        long parked = count("select count(*) from partner_delivery where partner = ? and status = 'PARKED'", partner);
        Timestamp lastSuccess = jdbc.queryForObject(
                "select max(delivered_at) from partner_delivery where partner = ? and status = 'DELIVERED'",
                Timestamp.class, partner);
        Timestamp oldestQueued = jdbc.queryForObject(
                "select min(created_at) from partner_delivery where partner = ? and status = 'QUEUED'", Timestamp.class,
                partner);
        Double meanLagSeconds = jdbc.queryForObject("""
                select avg(extract(epoch from (delivered_at - created_at))) from partner_delivery
                where partner = ? and status = 'DELIVERED' and delivered_at > now() - interval '1 hour'""",
                Double.class, partner);
        long delivered = outcomes[0];
        long failed = outcomes[1];
        Double successRate = delivered + failed == 0 ? null : round2(100.0 * delivered / (delivered + failed));
        String health = health(route, status, circuit, failed, dlq.orElse(0), successRate);
        return new Connector(partner, routeId, status == null ? null : status.name(), health, circuit, breakerRate,
                box(queue), box(dlq), queued, parked, format.at(lastSuccess), ConsoleFormat.age(lastSuccess),
                ConsoleFormat.age(oldestQueued),
                meanLagSeconds == null ? null : ConsoleFormat.duration(Duration.ofMillis((long) (meanLagSeconds * 1000))),
                delivered, failed, successRate, "axis".equals(partner) ? axisSync() : null);
    }

    /**
     * UP: route running, breaker closed, nothing failing; DEGRADED: failures in the last 15 minutes, dead letters
     * waiting, or a half-open breaker; DOWN: the route is not running or the breaker is open; NOT_AVAILABLE: no
     * delivery route for this partner (yet). Without a breaker the outcome rate of the last 15 minutes decides.
     */
    static String health(Route route, ServiceStatus status, String circuit, long failed15m, long dlq, Double successRate) {
        if (route == null) {
            return "NOT_AVAILABLE";
        }
        if (status != ServiceStatus.Started) {
            return "DOWN";
        }
        if ("OPEN".equals(circuit) || "FORCED_OPEN".equals(circuit)) {
            return "DOWN";
        }
        if (circuit == null && successRate != null && successRate < 50.0) {
            return "DOWN";
        }
        if ("HALF_OPEN".equals(circuit) || failed15m > 0 || dlq > 0) {
            return "DEGRADED";
        }
        return "UP";
    }

    /** Delivered and failed attempts per partner in the last 15 minutes (message log). */
    private Map<String, long[]> outcomes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        jdbc.query("""
                select partner, count(*) filter (where outcome = 'DELIVERED') as delivered,
                       count(*) filter (where outcome = 'FAILED') as failed
                from message_log where direction = 'OUT' and at > now() - interval '15 minutes' group by partner""",
                rs -> {
                    out.put(rs.getString("partner"), new long[] {rs.getLong("delivered"), rs.getLong("failed")});
                });
        return out;
    }

    /**
     * The national sync: from the axis feature's own gauges when it publishes them ({@code hub.axis.sync.rate},
     * {@code hub.axis.max.lag.seconds}); else from its {@code axis_sync} table; else from the axis deliveries.
     */
    Map<String, Object> axisSync() {
        Map<String, Object> sync = new LinkedHashMap<>();
        Gauge rate = meters.find("hub.axis.sync.rate").gauge();
        if (rate != null) {
            Gauge lag = meters.find("hub.axis.max.lag.seconds").gauge();
            double r = rate.value();
            sync.put("source", "metrics");
            sync.put("syncRate", Double.isNaN(r) ? null : round2(r));
            double l = lag == null ? Double.NaN : lag.value();
            sync.put("oldestUnsynced", Double.isNaN(l) || l <= 0 ? null : ConsoleFormat.duration(Duration.ofSeconds((long) l)));
            return sync;
        }
        Set<String> cols = tables.columns("axis_sync");
        if (cols.contains("last_change_at") && cols.contains("acknowledged_at")) {
            Map<String, Object> row = jdbc.queryForMap("""
                    select count(*) filter (where last_change_at > now() - interval '1 hour') as changed,
                           count(*) filter (where last_change_at > now() - interval '1 hour'
                                              and acknowledged_at >= last_change_at) as held,
                           min(last_change_at) filter (where acknowledged_at is null or acknowledged_at < last_change_at) as oldest
                    from axis_sync""");
            long changed = ((Number) row.get("changed")).longValue();
            long held = ((Number) row.get("held")).longValue();
            sync.put("source", "axis_sync");
            sync.put("syncRate", changed == 0 ? null : round2(100.0 * held / changed));
            sync.put("oldestUnsynced", ConsoleFormat.age(row.get("oldest")));
            return sync;
        }
        Map<String, Object> row = jdbc.queryForMap("""
                select count(*) filter (where created_at > now() - interval '1 hour') as planned,
                       count(*) filter (where created_at > now() - interval '1 hour' and status = 'DELIVERED') as delivered,
                       min(created_at) filter (where status in ('QUEUED', 'PARKED')) as oldest
                from partner_delivery where partner = 'axis'""");
        long planned = ((Number) row.get("planned")).longValue();
        sync.put("source", "deliveries");
        sync.put("syncRate", planned == 0 ? null : round2(100.0 * ((Number) row.get("delivered")).longValue() / planned));
        sync.put("oldestUnsynced", ConsoleFormat.age(row.get("oldest")));
        return sync;
    }

    /** The circuit breaker inside a delivery route, found by walking its processors. */
    static ResilienceProcessor find(Object processor, int depth) {
        if (processor instanceof ResilienceProcessor rp) {
            return rp;
        }
        if (depth > 64 || !(processor instanceof Navigate<?> nav) || !nav.hasNext()) {
            return null;
        }
        for (Object child : nav.next()) {
            ResilienceProcessor found = find(child, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static Long box(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
