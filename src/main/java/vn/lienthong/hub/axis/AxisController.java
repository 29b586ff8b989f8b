package vn.lienthong.hub.axis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.platform.web.Problems;

/**
 * The national axis link as operators see it: the sync report ({@code GET /api/v1/reports/sync}) and an
 * on-demand reconciliation ({@code POST /api/v1/axis/reconcile}, OPERATOR).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class AxisController {

    private static final Logger log = LoggerFactory.getLogger(AxisController.class);

    private final AxisSync sync;
    private final ProducerTemplate camel;

    AxisController(AxisSync sync, ProducerTemplate camel) {
        this.sync = sync;
        this.camel = camel;
    }

    /**
     * {@code GET /api/v1/reports/sync?from&to}: of the dossiers changed in the period (received), how many the portal
     * holds as of their latest change (synced), the rate (two decimals) and the oldest unsynced change's age
     * (maxLagSeconds). {@code from}/{@code to} are local days yyyy-MM-dd (Asia/Ho_Chi_Minh, both inclusive) or
     * instants (ISO-8601 with an offset, {@code to} exclusive).
     */
    @GetMapping("/reports/sync")
    @PreAuthorize("hasRole('VIEWER') or hasAuthority('CLIENT_onestop')")
    AxisSync.SyncReport report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant start = bound("from", from, false);
        Instant end = bound("to", to, true);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("to: the period ends before it starts");
        }
        return sync.report(start, end);
    }

    /** {@code POST /api/v1/axis/reconcile[?from&to]} (instants; default: the last hub.axis.reconcile-window). */
    @PostMapping("/axis/reconcile")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<?> reconcile(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant start = from == null ? null : bound("from", from, false);
        Instant end = to == null ? null : bound("to", to, true);
        Exchange done = camel.request("direct:axis-reconcile-run", e -> {
            e.getIn().setHeader(AxisReconciler.FROM, start);
            e.getIn().setHeader(AxisReconciler.TO, end);
        });
        if (done.getException() != null) {
            Exception e = done.getException();
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            log.warn("Reconciliation with the national axis failed: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "axis-unavailable", "The reconciliation could not ask the national axis: " + e.getMessage()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = done.getMessage().getBody(Map.class);
        return ResponseEntity.ok(summary);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage()));
    }

    /** Left to Spring Security (403 with reason "forbidden"). */
    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }

    /** A day (its start; for the end, the start of the next day) or an instant. */
    private static Instant bound(String field, String text, boolean end) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": required: a date yyyy-MM-dd or an instant");
        }
        String t = text.trim();
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return (end ? day.plusDays(1) : day).atStartOfDay(PortalTime.ZONE).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": a date yyyy-MM-dd or an ISO-8601 instant; got '"
                    + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'");
        }
    }
}
