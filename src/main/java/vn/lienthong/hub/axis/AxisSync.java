package vn.lienthong.hub.axis;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.delivery.PartnerDeliveries;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;
import vn.lienthong.hub.report.Rates;

/**
 * What the hub knows of the portal's view of each dossier ({@code axis_sync}): the last change sent, the last one
 * the axis acknowledged. The delivery route ({@code axis-deliver-axis}) calls {@link #prepare} before the axis
 * Kamelet and {@link #acknowledged} after it; the sync report and the gauges read the table against the store.
 */
@Component("axisSync")
public class AxisSync {

    /** The request property PartnerDeliveries logs with each attempt. */
    private static final String LOGGED_REQUEST = "HubRequest";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AxisRequests requests;

    AxisSync(JdbcTemplate jdbc, ObjectMapper json, AxisRequests requests) {
        this.jdbc = jdbc;
        this.json = json;
        this.requests = requests;
    }

    /**
     * Before the call: a re-sent dossier gets the store's current state; a dossier whose procedure has no national
     * code is refused for good (parked on DLQ.hub.outbound.axis with the reason), never sent with a wrong code.
     */
    public void prepare(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String code = in.getHeader(PartnerDeliveries.DOSSIER, String.class);
        JsonNode request = json.readTree(in.getBody(String.class));
        if (request.path("resync").asBoolean(false)) {
            String current = json.writeValueAsString(requests.current(code));
            in.setBody(current);
            exchange.setProperty(LOGGED_REQUEST, current);
            request = json.readTree(current);
        }
        if (request.path("nationalProcedureCode").asText("").isBlank() && request.hasNonNull("procedureVersionId")) {
            // parked for want of a mapping, then replayed: the mapping may exist now
            Optional<String> mapped = requests.nationalCode(request.path("procedureVersionId").asLong());
            if (mapped.isPresent()) {
                ((ObjectNode) request).put("nationalProcedureCode", mapped.get());
                String fixed = json.writeValueAsString(request);
                in.setBody(fixed);
                exchange.setProperty(LOGGED_REQUEST, fixed);
            }
        }
        if (request.path("nationalProcedureCode").asText("").isBlank()) {
            throw new PermanentDeliveryFailure("no national procedure code for procedure "
                    + request.path("procedureCode").asText() + describeLocal(request) + " of dossier " + code
                    + ": the portal would get a wrong code; map it in hub.axis.national-codes and replay");
        }
        jdbc.update("""
                insert into axis_sync (dossier_code, last_event_id, last_status_sent, last_sent_at, last_change_at)
                values (?, ?, ?, now(), ?)
                on conflict (dossier_code) do update set last_event_id = excluded.last_event_id,
                  last_status_sent = excluded.last_status_sent, last_sent_at = excluded.last_sent_at,
                  last_change_at = excluded.last_change_at""",
                code, request.path("eventId").asText(), request.path("status").asInt(), timestamp(request.path("changeAt")));
    }

    /** After the call: the axis holds the dossier as of this change (never moved back by a late older one). */
    public void acknowledged(Exchange exchange) throws Exception {
        // the body is the axis's answer now; the request sent is the one the attempt was logged with
        String code = exchange.getIn().getHeader(PartnerDeliveries.DOSSIER, String.class);
        JsonNode request = json.readTree(exchange.getProperty(LOGGED_REQUEST, String.class));
        acknowledge(code, request.path("eventId").asText(), request.path("status").asInt());
    }

    void acknowledge(String code, String eventId, int status) {
        jdbc.update("""
                insert into axis_sync (dossier_code, acked_event_id, acked_history_id, acked_status, acknowledged_at)
                values (?, ?, (select id from dossier_history where event_id = ?), ?, now())
                on conflict (dossier_code) do update set acked_event_id = excluded.acked_event_id,
                  acked_history_id = excluded.acked_history_id, acked_status = excluded.acked_status,
                  acknowledged_at = excluded.acknowledged_at
                where axis_sync.acked_history_id is null or excluded.acked_history_id >= axis_sync.acked_history_id""",
                code, eventId, eventId, status);
    }

    /**
     * Reconciliation found the axis holding {@code axisStatus} (null: unknown there): what it acknowledged is no
     * longer true. The acknowledgement falls back to the latest change with that status, so the dossier counts as
     * unsynced (with its lag) until the re-sent state is acknowledged.
     */
    void disagreed(String code, Integer axisStatus, String axisStatusName) {
        jdbc.update("""
                insert into axis_sync (dossier_code, axis_status, checked_at) values (?, ?, now())
                on conflict (dossier_code) do update set axis_status = excluded.axis_status, checked_at = now(),
                  resent_count = axis_sync.resent_count + 1,
                  acked_history_id = (select max(h.id) from dossier_history h join dossier d on d.id = h.dossier_id
                                      where d.code = axis_sync.dossier_code and h.to_status = ?),
                  acked_event_id = (select h.event_id from dossier_history h join dossier d on d.id = h.dossier_id
                                    where d.code = axis_sync.dossier_code and h.to_status = ? order by h.id desc limit 1),
                  acked_status = ?""",
                code, axisStatus, axisStatusName, axisStatusName, axisStatus);
    }

    /** Reconciliation found the axis agreeing with the store: the dossier is synced as of its latest change. */
    void agreed(String code, int axisStatus) {
        jdbc.update("""
                insert into axis_sync (dossier_code, axis_status, checked_at, acked_history_id, acked_event_id,
                                       acked_status, acknowledged_at)
                select d.code, ?, now(), h.id, h.event_id, ?, now()
                from dossier d join dossier_history h on h.dossier_id = d.id
                where d.code = ? order by h.id desc limit 1
                on conflict (dossier_code) do update set axis_status = excluded.axis_status, checked_at = now(),
                  acked_history_id = greatest(axis_sync.acked_history_id, excluded.acked_history_id),
                  acked_event_id = case when axis_sync.acked_history_id >= excluded.acked_history_id
                                        then axis_sync.acked_event_id else excluded.acked_event_id end,
                  acked_status = excluded.acked_status""",
                axisStatus, axisStatus, code);
    }

    /** Received, synced and the oldest unsynced change among the dossiers (not steps) changed in [from, to). */
    public SyncReport report(Instant from, Instant to) {
        Map<String, Object> row = jdbc.queryForMap("""
                with changed as (
                  select distinct h.dossier_id from dossier_history h where h.recorded_at >= ? and h.recorded_at < ?
                ), state as (
                  select d.id, s.acked_history_id,
                         (select max(h.id) from dossier_history h where h.dossier_id = d.id) as latest_id
                  from changed c join dossier d on d.id = c.dossier_id
                  left join axis_sync s on s.dossier_code = d.code
                  where d.parent_id is null
                )
                select count(*) as received,
                       count(*) filter (where acked_history_id >= latest_id) as synced,
                       coalesce(max(extract(epoch from now() - (
                         select min(h.recorded_at) from dossier_history h
                         where h.dossier_id = state.id and h.id > coalesce(state.acked_history_id, 0)))), 0) as lag
                from state""", Timestamp.from(from), Timestamp.from(to));
        long received = ((Number) row.get("received")).longValue();
        long synced = ((Number) row.get("synced")).longValue();
        long lag = (long) Math.floor(((Number) row.get("lag")).doubleValue());
        // nothing changed, nothing out of sync: 100 %
        return new SyncReport(from, to, received, synced,
                received == 0 ? Rates.percent(1, 1) : Rates.percent(synced, received), Math.max(0, lag));
    }

    private static String describeLocal(JsonNode request) {
        String local = request.path("localProcedureCode").asText("");
        return local.isBlank() ? "" : " (local code " + local + ")";
    }

    private static Timestamp timestamp(JsonNode iso) {
        return iso == null || iso.isNull() || iso.asText().isBlank() ? null : Timestamp.from(Instant.parse(iso.asText()));
    }

    /** {@code GET /api/v1/reports/sync}: how much of the period's changes the portal holds, and the worst lag. */
    public record SyncReport(Instant from, Instant to, long received, long synced, java.math.BigDecimal syncRate,
            long maxLagSeconds) {
    }
}
