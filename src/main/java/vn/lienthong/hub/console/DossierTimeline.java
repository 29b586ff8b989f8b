package vn.lienthong.hub.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.dossier.Applicant;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;

/**
 * One dossier's timeline as IT staff follow it: the store's history (every status change), every message exchanged
 * with a partner (the message log) and every parcel event of Vietnam Post — merged in time order — with the
 * deliveries planned for it, its due date and its timeliness. Parcel events are read when the post's tables exist.
 */
@Component
class DossierTimeline {

    private final DossierService dossiers;
    private final DeliveryLog messages;
    private final JdbcTemplate jdbc;
    private final Tables tables;
    private final ConsoleFormat format;

    DossierTimeline(DossierService dossiers, DeliveryLog messages, JdbcTemplate jdbc, Tables tables,
            ConsoleFormat format) {
        this.dossiers = dossiers;
        this.messages = messages;
        this.jdbc = jdbc;
        this.tables = tables;
        this.format = format;
    }

    /** The dossier's page; throws DossierNotFoundException for an unknown code. */
    Map<String, Object> of(String code, boolean mask) {
        DossierView d = dossiers.get(code);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> dossier = new LinkedHashMap<>();
        dossier.put("code", d.code());
        dossier.put("procedureCode", d.procedureCode());
        dossier.put("procedureName", d.procedureName());
        dossier.put("agencyCode", d.agencyCode());
        dossier.put("currentAgency", d.currentAgency());
        dossier.put("status", d.status().name());
        dossier.put("dvcqgStatus", d.dvcqgStatus());
        dossier.put("subState", d.subState());
        dossier.put("channel", d.channel() == null ? null : d.channel().name());
        dossier.put("returnMethod", d.returnMethod() == null ? null : d.returnMethod().name());
        dossier.put("applicant", applicant(d.applicant(), mask));
        dossier.put("receivedAt", format.at(d.receivedAt()));
        dossier.put("dueAt", format.at(d.dueAt()));
        dossier.put("originalDueAt", format.at(d.originalDueAt()));
        dossier.put("extended", d.extended());
        dossier.put("pausedSince", format.at(d.pausedSince()));
        dossier.put("supplementRequests", d.supplementRequests());
        dossier.put("endedAt", format.at(d.endedAt()));
        dossier.put("endKind", d.endKind() == null ? null : d.endKind().name());
        dossier.put("timeliness", d.timeliness());
        dossier.put("overdue", d.overdue());
        dossier.put("parentCode", d.parentCode());
        dossier.put("stepOrder", d.stepOrder());
        dossier.put("stepPartner", d.stepPartner());
        out.put("dossier", dossier);

        List<Map<String, Object>> entries = new ArrayList<>();
        for (DossierView.HistoryView h : d.history()) {
            Map<String, Object> e = entry("STATUS", h.at());
            e.put("what", h.type());
            e.put("from", h.fromStatus());
            e.put("to", h.toStatus());
            e.put("who", h.actor() + (h.client() == null ? "" : " (" + h.client() + ")"));
            e.put("channel", h.channel());
            e.put("detail", join(h.reason(), h.formIssued() == null ? null : "form " + h.formIssued()));
            entries.add(e);
        }
        for (Map<String, Object> m : messages.timeline(code)) {
            Map<String, Object> e = entry("MESSAGE", ConsoleFormat.instant(m.get("at")));
            e.put("partner", m.get("partner"));
            e.put("direction", m.get("direction"));
            e.put("what", m.get("messageType"));
            e.put("outcome", m.get("outcome"));
            e.put("attempt", m.get("attempt"));
            e.put("deliveryId", m.get("deliveryId"));
            e.put("detail", m.get("detail"));
            entries.add(e);
        }
        boolean parcels = tables.exists("parcel") && tables.exists("parcel_event");
        out.put("parcelsAvailable", parcels);
        if (parcels) {
            for (Map<String, Object> p : jdbc.queryForList("""
                    select p.kind, p.tracking_number, e.type, e.at, e.attempt, e.reason, e.location, e.effect
                    from parcel_event e join parcel p on p.id = e.parcel_id where p.dossier_code = ? order by e.at, e.id""",
                    code)) {
                Map<String, Object> e = entry("PARCEL", ConsoleFormat.instant(p.get("at")));
                e.put("partner", "vnpost");
                e.put("what", p.get("type"));
                e.put("parcel", p.get("kind") + (p.get("tracking_number") == null ? "" : " " + p.get("tracking_number")));
                e.put("attempt", p.get("attempt"));
                e.put("detail", join(str(p.get("location")), join(str(p.get("reason")), str(p.get("effect")))));
                entries.add(e);
            }
        }
        entries.sort(Comparator.comparing((Map<String, Object> e) -> (Instant) e.get("instant"),
                Comparator.nullsLast(Comparator.naturalOrder())));
        entries.forEach(e -> e.remove("instant"));
        out.put("timeline", entries);

        List<Map<String, Object>> deliveries = jdbc.queryForList("""
                select delivery_id as "deliveryId", partner, kind, status, attempts, last_error as "lastError",
                       created_at as "createdAt", delivered_at as "deliveredAt"
                from partner_delivery where dossier_code = ? order by created_at, delivery_id""", code);
        deliveries.forEach(r -> {
            r.put("createdAt", format.at(r.get("createdAt")));
            r.put("deliveredAt", format.at(r.get("deliveredAt")));
        });
        out.put("deliveries", deliveries);
        out.put("steps", jdbc.queryForList("""
                select c.code, c.step_order as "stepOrder", c.step_partner as "partner", c.status
                from dossier c join dossier p on p.id = c.parent_id where p.code = ? order by c.step_order""", code));
        return out;
    }

    private Map<String, Object> entry(String kind, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("instant", at);
        e.put("at", format.at(at));
        return e;
    }

    private static Map<String, Object> applicant(Applicant a, boolean mask) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a == null) {
            return m;
        }
        m.put("fullName", mask ? PersonalDataMask.maskValue("fullName", a.fullName()) : a.fullName());
        m.put("idNumber", mask ? PersonalDataMask.maskValue("idNumber", a.idNumber()) : a.idNumber());
        m.put("phone", mask ? PersonalDataMask.maskValue("phone", a.phone()) : a.phone());
        m.put("address", mask ? PersonalDataMask.maskValue("address", a.address()) : a.address());
        return m;
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + " · " + b;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
