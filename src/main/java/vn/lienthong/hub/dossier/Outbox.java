package vn.lienthong.hub.dossier;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a dossier event to the outbox, inside the caller's transaction, as the CloudEvents JSON the relay will
 * publish on {@code hub.dossier.events} unchanged (id = event id, subject = dossier code).
 */
@Component
public class Outbox {

    public static final String SOURCE = "/lienthong-hub/dossiers";
    public static final String TYPE_PREFIX = "vn.lienthong.hub.dossier.";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final OutboxSignal signal;

    Outbox(JdbcTemplate jdbc, ObjectMapper json, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.json = json;
        this.signal = signal;
    }

    /** An outbox row, its CloudEvent already serialized. */
    record Row(String eventId, String dossierCode, String type, Instant at, String payload) {
    }

    /** A change of a dossier's state (an applied lifecycle event, or its intake). */
    void transition(Dossier d, String eventId, Transition t, String actor, String client, String reason) {
        write(row(d, eventId, t, actor, client, reason));
    }

    /** The row of a change, to be written later in the transaction of the change ({@link #writeAll}). */
    Row row(Dossier d, String eventId, Transition t, String actor, String client, String reason) {
        Map<String, Object> data = snapshot(d);
        data.put("event", t.type());
        data.put("fromStatus", t.from() == null ? null : t.from().name());
        data.put("actor", actor);
        data.put("client", client);
        data.put("reason", reason);
        data.put("form", t.form() == null ? null : t.form().number());
        return row(eventId, d.getCode(), t.type(), t.at(), data);
    }

    /** Writes rows in one JDBC batch, inside the caller's transaction. */
    void writeAll(List<Row> rows) {
        jdbc.batchUpdate("insert into outbox (event_id, dossier_code, type, occurred_at, payload) values (?, ?, ?, ?, ?::jsonb)",
                rows.stream().map(r -> new Object[] {r.eventId(), r.dossierCode(), r.type(), java.sql.Timestamp.from(r.at()),
                        r.payload()}).toList());
        signal.onWrite();
    }

    /** A notice about a dossier that is not a state change (due soon, overdue, step at risk…). */
    public void notice(Dossier d, String eventId, String type, Instant at, Map<String, Object> extra) {
        Map<String, Object> data = snapshot(d);
        data.put("event", type);
        data.putAll(extra);
        write(eventId, d.getCode(), type, at, data);
    }

    private void write(String eventId, String code, String type, Instant at, Map<String, Object> data) {
        write(row(eventId, code, type, at, data));
    }

    private void write(Row r) {
        jdbc.update("insert into outbox (event_id, dossier_code, type, occurred_at, payload) values (?, ?, ?, ?, ?::jsonb)",
                r.eventId(), r.dossierCode(), r.type(), java.sql.Timestamp.from(r.at()), r.payload());
        signal.onWrite();
    }

    private Row row(String eventId, String code, String type, Instant at, Map<String, Object> data) {
        Map<String, Object> ce = new LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", eventId);
        ce.put("source", SOURCE);
        ce.put("type", TYPE_PREFIX + type.toLowerCase(Locale.ROOT));
        ce.put("subject", code);
        ce.put("time", at.toString());
        ce.put("datacontenttype", "application/json");
        ce.put("data", data);
        try {
            return new Row(eventId, code, type, at, json.writeValueAsString(ce));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize event " + eventId, e);
        }
    }

    static Map<String, Object> snapshot(Dossier d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", d.getCode());
        data.put("status", d.getStatus().name());
        data.put("dvcqgStatus", d.getStatus().dvcqgCode());
        data.put("subState", d.getSubState());
        data.put("procedureCode", d.getProcedureCode());
        data.put("procedureVersionId", d.getProcedureId());
        data.put("agencyCode", d.getAgencyCode());
        data.put("currentAgency", d.getCurrentAgency());
        data.put("channel", d.getChannel().name());
        data.put("returnMethod", d.getReturnMethod().name());
        data.put("submittedAt", str(d.getSubmittedAt()));
        data.put("receivedAt", str(d.getReceivedAt()));
        data.put("dueAt", str(d.getDueAt()));
        data.put("originalDueAt", str(d.getOriginalDueAt()));
        data.put("endedAt", str(d.getEndedAt()));
        data.put("timeliness", d.getTimeliness() == null ? null : d.getTimeliness().name());
        data.put("parentId", d.getParentId());
        data.put("stepOrder", d.getStepOrder());
        data.put("stepPartner", d.getStepPartner());
        data.put("version", d.getVersion());
        return data;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
