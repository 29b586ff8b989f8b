package vn.lienthong.hub.axis;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.contract.axis.QueryStatus;
import vn.lienthong.hub.contract.axis.QueryStatusResponse;
import vn.lienthong.hub.contract.axis.StatusItem;
import vn.lienthong.hub.dossier.DossierStatus;

/**
 * Daily reconciliation with the national portal (routes {@code axis-reconcile}, {@code axis-reconcile-run}): the
 * dossiers changed in a window are asked from the axis ({@code QueryStatus}) and compared with the store. One the
 * axis holds with another status (or not at all) is re-sent as a fresh {@code DOSSIER_SYNC} delivery with a new
 * delivery id, built from the store when it is delivered — so it can never overtake a newer change — unless a
 * delivery of a recent change is still under way (that delivery repairs it) or its procedure has no national code
 * (it is parked on the DLQ already, and re-sending cannot help).
 */
@Component("axisReconciler")
public class AxisReconciler {

    public static final String FROM = "HubReconcileFrom";
    public static final String TO = "HubReconcileTo";
    static final String RUN = "HubReconcileRun";
    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(AxisReconciler.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AxisSettings settings;
    private final AxisSync sync;
    private final AxisRequests requests;
    private final CatalogService catalog;

    AxisReconciler(JdbcTemplate jdbc, ObjectMapper json, AxisSettings settings, AxisSync sync, AxisRequests requests,
            CatalogService catalog) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
        this.sync = sync;
        this.requests = requests;
        this.catalog = catalog;
    }

    /** The counts of one run, reported by the API and the log. */
    public static final class Run {
        final Instant from;
        final Instant to;
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger matching = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final AtomicInteger unknownAtAxis = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger unmapped = new AtomicInteger();

        Run(Instant from, Instant to) {
            this.from = from;
            this.to = to;
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from.toString());
            m.put("to", to.toString());
            m.put("checked", checked.get());
            m.put("matching", matching.get());
            m.put("resent", resent.get());
            m.put("unknownAtAxis", unknownAtAxis.get());
            m.put("inFlight", inFlight.get());
            m.put("unmapped", unmapped.get());
            return m;
        }
    }

    /**
     * A re-send, ready for {@code hub.outbound.axis} (group: the dossier code). The route reads it as
     * {@code ${body.dossierCode}} and {@code ${body.body}}: a record's accessors, and no JavaBean getters beside them
     * (with both, Camel's simple language found the call ambiguous and the run's re-sends were never queued).
     */
    public record Resend(String dossierCode, String body) {
    }

    /** Starts a run: the QueryStatus calls for the dossiers (not steps) changed in the window. */
    public List<QueryStatus> start(Exchange exchange) {
        Instant to = instant(exchange.getIn().getHeader(TO), Instant.now());
        Instant from = instant(exchange.getIn().getHeader(FROM), to.minus(settings.getReconcileWindow()));
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window is empty: from " + from + " to " + to);
        }
        exchange.setProperty(RUN, new Run(from, to));
        List<String> codes = jdbc.queryForList("""
                select d.code from dossier d
                where d.parent_id is null
                  and exists (select 1 from dossier_history h where h.dossier_id = d.id
                              and h.recorded_at >= ? and h.recorded_at < ?)
                order by d.code""", String.class, Timestamp.from(from), Timestamp.from(to));
        List<QueryStatus> calls = new ArrayList<>();
        for (int i = 0; i < codes.size(); i += BATCH) {
            QueryStatus q = new QueryStatus();
            q.getDossierCode().addAll(codes.subList(i, Math.min(codes.size(), i + BATCH)));
            calls.add(q);
        }
        log.info("National axis reconciliation of {} dossier(s) changed from {} to {}", codes.size(), from, to);
        return calls;
    }

    /** Compares one answer with the store; returns the re-sends. */
    public List<Resend> compare(QueryStatusResponse answer, Exchange exchange) throws Exception {
        Run run = exchange.getProperty(RUN, Run.class);
        Map<String, StatusItem> axis = new HashMap<>();
        for (StatusItem item : answer.getItem()) {
            axis.put(item.getDossierCode(), item);
        }
        List<String> codes = new ArrayList<>(axis.keySet());
        List<Resend> resends = new ArrayList<>();
        Instant graceStart = Instant.now().minus(settings.getReconcileGrace());
        for (Map<String, Object> row : jdbc.queryForList("""
                select d.code, d.status, d.procedure_id,
                       (select max(h.id) from dossier_history h where h.dossier_id = d.id) as latest_id,
                       (select max(h.recorded_at) from dossier_history h where h.dossier_id = d.id) as latest_at,
                       s.acked_history_id
                from dossier d left join axis_sync s on s.dossier_code = d.code
                where d.code = any(?)""", (Object) codes.toArray(new String[0]))) {
            String code = (String) row.get("code");
            run.checked.incrementAndGet();
            int store = DossierStatus.valueOf((String) row.get("status")).dvcqgCode();
            StatusItem item = axis.get(code);
            Integer held = item != null && item.isKnown() ? item.getStatus() : null;
            if (held != null && held == store) {
                run.matching.incrementAndGet();
                sync.agreed(code, held);
                continue;
            }
            long latest = ((Number) row.get("latest_id")).longValue();
            Number acked = (Number) row.get("acked_history_id");
            Instant latestAt = ((Timestamp) row.get("latest_at")).toInstant();
            if ((acked == null || acked.longValue() < latest) && latestAt.isAfter(graceStart)) {
                run.inFlight.incrementAndGet(); // the delivery of that change is still under way
                continue;
            }
            long procedureId = ((Number) row.get("procedure_id")).longValue();
            if (catalog.procedureVersion(procedureId).flatMap(requests::nationalCode).isEmpty()) {
                run.unmapped.incrementAndGet();
                log.warn("Dossier {} differs at the national axis ({} there, {} here) but its procedure has no "
                        + "national code: map it in hub.axis.national-codes", code, held, store);
                continue;
            }
            if (held == null) {
                run.unknownAtAxis.incrementAndGet();
            }
            sync.disagreed(code, held, held == null ? null : statusName(held));
            resends.add(new Resend(code, delivery(code)));
            run.resent.incrementAndGet();
            log.info("Dossier {} differs at the national axis ({} there, {} here): re-sent", code, held, store);
        }
        return resends;
    }

    /** The counts of the run. */
    public Map<String, Object> finish(Exchange exchange) {
        Run run = exchange.getProperty(RUN, Run.class);
        return run.summary();
    }

    private String delivery(String code) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dossierCode", code);
        request.put("resync", true); // rebuilt from the store when delivered
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("deliveryId", "dlv-axis-resync-" + UUID.randomUUID());
        d.put("partner", AxisRequests.PARTNER);
        d.put("kind", AxisRequests.KIND);
        d.put("dossierCode", code);
        d.put("parentCode", null);
        d.put("stepOrder", null);
        d.put("createdAt", Instant.now().toString());
        d.put("request", request);
        return json.writeValueAsString(d);
    }

    private static String statusName(int code) {
        for (DossierStatus s : DossierStatus.values()) {
            if (s.dvcqgCode() == code) {
                return s.name();
            }
        }
        return null;
    }

    private static Instant instant(Object header, Instant otherwise) {
        if (header == null || header.toString().isBlank()) {
            return otherwise;
        }
        return header instanceof Instant i ? i : Instant.parse(header.toString());
    }
}
