package vn.lienthong.hub.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.spi.RouteController;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * Every Camel route with its state and statistics (from Camel's management layer), and the operator's controls:
 * suspend, resume, stop, start — each audited with the state before and after.
 */
@Component
class RouteBoard {

    /** What an operator may do to a route in each state. */
    enum Action {
        SUSPEND, RESUME, STOP, START;

        boolean allowedIn(ServiceStatus s) {
            return switch (this) {
                case SUSPEND -> s == ServiceStatus.Started;
                case RESUME -> s == ServiceStatus.Suspended;
                case STOP -> s == ServiceStatus.Started || s == ServiceStatus.Suspended;
                case START -> s == ServiceStatus.Stopped;
            };
        }
    }

    record RouteRow(String id, String group, String from, String description, String state, long total, long failed,
            long failuresHandled, long inflight, Long meanMs, Long maxMs, String lastFailureAt, String lastError,
            String lastErrorAt, String uptime, boolean managed, List<String> actions) {
    }

    private final CamelContext camel;
    private final RouteErrors errors;
    private final ConsoleFormat format;
    private final OperatorAudit audit;

    RouteBoard(CamelContext camel, RouteErrors errors, ConsoleFormat format, OperatorAudit audit) {
        this.camel = camel;
        this.errors = errors;
        this.format = format;
        this.audit = audit;
    }

    List<RouteRow> routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<RouteRow> rows = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String id = route.getRouteId();
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            ManagedRouteMBean m = managed == null ? null : managed.getManagedRoute(id);
            RouteErrors.LastError last = errors.of(id);
            List<String> actions = new ArrayList<>();
            for (Action a : Action.values()) {
                if (status != null && a.allowedIn(status)) {
                    actions.add(a.name().toLowerCase(Locale.ROOT));
                }
            }
            String from = route.getEndpoint() == null ? null : URISupport.sanitizeUri(route.getEndpoint().getEndpointUri());
            if (m != null) {
                rows.add(new RouteRow(id, route.getGroup(), from, route.getDescription(), String.valueOf(status),
                        m.getExchangesTotal(), m.getExchangesFailed() + m.getFailuresHandled(), m.getFailuresHandled(),
                        m.getExchangesInflight(), m.getExchangesTotal() == 0 ? null : m.getMeanProcessingTime(),
                        m.getExchangesTotal() == 0 ? null : m.getMaxProcessingTime(),
                        format.at(m.getLastExchangeFailureTimestamp()), last == null ? null : last.message(),
                        last == null ? null : format.at(last.at()), ConsoleFormat.duration(
                                java.time.Duration.ofMillis(Math.max(0, m.getUptimeMillis()))), true, actions));
            } else {
                rows.add(new RouteRow(id, route.getGroup(), from, route.getDescription(), String.valueOf(status), 0, 0, 0,
                        0, null, null, null, last == null ? null : last.message(), last == null ? null : format.at(last.at()),
                        null, false, actions));
            }
        }
        rows.sort(Comparator.comparing(RouteRow::id));
        return rows;
    }

    /** Applies an operator's action to a route; returns the state after. Audited, also when it fails. */
    String control(String routeId, String actionName, String reason) {
        Action action;
        try {
            action = Action.valueOf(actionName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConsoleProblem(400, "unknown-action", "unknown action " + actionName);
        }
        if (camel.getRoute(routeId) == null) {
            throw new ConsoleProblem(404, "unknown-route", "no route " + routeId);
        }
        RouteController rc = camel.getRouteController();
        ServiceStatus before = rc.getRouteStatus(routeId);
        String target = "route " + routeId;
        String auditAction = "ROUTE_" + action.name();
        if (!action.allowedIn(before)) {
            audit.record(auditAction, target, String.valueOf(before), String.valueOf(before), reason, OperatorAudit.FAILED,
                    "not allowed while " + before);
            throw new ConsoleProblem(409, "not-allowed-now", action.name().toLowerCase(Locale.ROOT)
                    + " is not possible while the route is " + before);
        }
        try {
            switch (action) {
                case SUSPEND -> rc.suspendRoute(routeId);
                case RESUME -> rc.resumeRoute(routeId);
                case STOP -> rc.stopRoute(routeId);
                case START -> rc.startRoute(routeId);
            }
        } catch (Exception e) {
            audit.record(auditAction, target, String.valueOf(before), String.valueOf(rc.getRouteStatus(routeId)), reason,
                    OperatorAudit.FAILED, e.toString());
            throw new ConsoleProblem(500, "route-control-failed", e.getMessage());
        }
        String after = String.valueOf(rc.getRouteStatus(routeId));
        audit.record(auditAction, target, String.valueOf(before), after, reason, OperatorAudit.OK, null);
        return after;
    }
}
