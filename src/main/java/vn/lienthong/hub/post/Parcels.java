package vn.lienthong.hub.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.dossier.DossierView;

/**
 * The parcel store ({@code parcel}, {@code parcel_event}): a pickup booked, a delivery planned, the order the post
 * took (its tracking number), and the dossier's parcel timeline. {@link #ordered} is what the delivery route
 * {@code post-deliver-vnpost} calls once the post accepted an order.
 */
@Component("postParcels")
public class Parcels {

    private static final Logger log = LoggerFactory.getLogger(Parcels.class);
    private static final String COLUMNS = """
            id, dossier_code, kind, tracking_number, order_id, status, status_at, weight_grams, postage_vnd, fees_vnd,
            remittance_fee_vnd, collect_vnd, collected_vnd, from_name, from_phone, from_address, to_name, to_phone,
            to_address, note, failed_attempts, handed_back_at, handed_back_reason, created_at""";

    private final JdbcTemplate jdbc;
    private final PostSettings settings;
    private final ObjectMapper json;

    Parcels(JdbcTemplate jdbc, PostSettings settings, ObjectMapper json) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.json = json;
    }

    /** A pickup booked for a just-registered dossier: from the citizen's address to the center. Once per dossier. */
    Parcel book(DossierView d, String pickupAddress, Integer weightGrams, String note) {
        int weight = weightGrams != null ? weightGrams : settings.defaultWeightGrams;
        PostSettings.Charges c = settings.charges(weight, d.feesVnd());
        PostSettings.Party center = settings.center;
        insert(d.code(), Parcel.PICKUP, ParcelStatus.BOOKED, weight, c,
                new PostSettings.Party(d.applicant().fullName(), d.applicant().phone(), pickupAddress), center, note);
        return find(d.code(), Parcel.PICKUP).orElseThrow();
    }

    /**
     * The result delivery of a resolved dossier: from the center to the citizen's address (the pickup address
     * when the dossier came by post without one). Once per dossier; the citizen pays the postage on delivery.
     */
    Parcel planDelivery(DossierView d) {
        Optional<Parcel> existing = find(d.code(), Parcel.DELIVERY);
        if (existing.isPresent()) {
            return existing.get();
        }
        String address = d.applicant().address();
        if (address == null || address.isBlank()) {
            address = find(d.code(), Parcel.PICKUP).map(p -> p.from().address()).orElse("");
        }
        int weight = settings.defaultWeightGrams;
        insert(d.code(), Parcel.DELIVERY, ParcelStatus.PLANNED, weight, settings.charges(weight, 0),
                settings.center, new PostSettings.Party(d.applicant().fullName(), d.applicant().phone(), address), null);
        return find(d.code(), Parcel.DELIVERY).orElseThrow();
    }

    private void insert(String code, String kind, ParcelStatus status, int weight, PostSettings.Charges c,
            PostSettings.Party from, PostSettings.Party to, String note) {
        jdbc.update("""
                insert into parcel (dossier_code, kind, status, weight_grams, postage_vnd, fees_vnd, remittance_fee_vnd,
                  collect_vnd, from_name, from_phone, from_address, to_name, to_phone, to_address, note)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (dossier_code, kind) do nothing""",
                code, kind, status.name(), weight, c.postageVnd(), c.feesVnd(), c.remittanceFeeVnd(), c.collectVnd(),
                from.name(), from.phone(), from.address(), to.name(), to.phone(), to.address(), note);
    }

    /**
     * The post accepted the order placed with {@code deliveryId}: its answer carries the parcel's tracking number.
     * Called by the route {@code post-deliver-vnpost}; an answer without one leaves the number to the first event.
     */
    public void ordered(String deliveryId, String dossierCode, String kind, String response) {
        String trackingNumber = null;
        try {
            JsonNode answer = response == null || response.isBlank() ? null : json.readTree(response);
            if (answer != null && answer.hasNonNull("trackingNumber")) {
                trackingNumber = answer.get("trackingNumber").asText();
            }
        } catch (Exception e) {
            log.warn("The post's answer to order {} is not JSON; its tracking number will come with its events", deliveryId);
        }
        int n = jdbc.update("""
                update parcel set order_id = coalesce(order_id, ?), tracking_number = coalesce(tracking_number, ?),
                  status = case when status in ('BOOKED', 'PLANNED') then 'ORDERED' else status end, updated_at = now()
                where dossier_code = ? and kind = ?""", deliveryId, trackingNumber, dossierCode, kind);
        if (n == 0) {
            log.warn("The post accepted order {} ({} of {}) but the hub has no such parcel", deliveryId, kind, dossierCode);
        }
    }

    Optional<Parcel> find(String dossierCode, String kind) {
        return jdbc.query("select " + COLUMNS + " from parcel where dossier_code = ? and kind = ?",
                (rs, i) -> row(rs), dossierCode, kind).stream().findFirst();
    }

    /**
     * The parcel an event is about, locked for the rest of the transaction: by its tracking number, else by the
     * order it was placed with (the hub's delivery record names the dossier and kind).
     */
    Optional<Parcel> lockFor(String trackingNumber, String orderId) {
        List<Parcel> byNumber = jdbc.query("select " + COLUMNS + " from parcel where tracking_number = ? for update",
                (rs, i) -> row(rs), trackingNumber);
        if (!byNumber.isEmpty()) {
            return Optional.of(byNumber.get(0));
        }
        return jdbc.query("select " + COLUMNS + " from parcel where order_id = ? or (dossier_code, kind) = "
                + "(select dossier_code, kind from partner_delivery where delivery_id = ? and partner = 'vnpost') "
                + "order by id limit 1 for update", (rs, i) -> row(rs), orderId, orderId).stream().findFirst();
    }

    /** The parcels of a dossier with their events in the order they happened (the post's time). */
    List<Map<String, Object>> timeline(String dossierCode) {
        List<Parcel> parcels = jdbc.query("select " + COLUMNS + " from parcel where dossier_code = ? order by id",
                (rs, i) -> row(rs), dossierCode);
        return parcels.stream().map(this::view).toList();
    }

    Map<String, Object> view(Parcel p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("trackingNumber", p.trackingNumber());
        v.put("kind", p.kind());
        v.put("dossierCode", p.dossierCode());
        v.put("status", p.status().name());
        v.put("statusAt", p.statusAt());
        v.put("orderId", p.orderId());
        v.put("weightGrams", p.weightGrams());
        v.put("postageVnd", p.charges().postageVnd());
        v.put("feesVnd", p.charges().feesVnd());
        v.put("remittanceFeeVnd", p.charges().remittanceFeeVnd());
        v.put("collectVnd", p.charges().collectVnd());
        v.put("collectedVnd", p.collectedVnd());
        v.put("from", p.from());
        v.put("to", p.to());
        v.put("note", p.note());
        v.put("failedAttempts", p.failedAttempts());
        v.put("handedBackAt", p.handedBackAt());
        v.put("handedBackReason", p.handedBackReason());
        v.put("createdAt", p.createdAt());
        v.put("events", jdbc.query("""
                select event_id, type, at, attempt, reason, location, collected_vnd, proof::text as proof, applied, effect,
                       received_at
                from parcel_event where parcel_id = ? order by at, id""", (rs, i) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", rs.getString("event_id"));
            e.put("type", rs.getString("type"));
            e.put("at", instant(rs, "at"));
            e.put("attempt", rs.getObject("attempt"));
            e.put("reason", rs.getString("reason"));
            e.put("location", rs.getString("location"));
            e.put("collectedVnd", rs.getObject("collected_vnd"));
            e.put("proof", tree(rs.getString("proof")));
            e.put("applied", rs.getBoolean("applied"));
            e.put("effect", rs.getString("effect"));
            e.put("receivedAt", instant(rs, "received_at"));
            return e;
        }, p.id()));
        return v;
    }

    private JsonNode tree(String s) {
        try {
            return s == null ? null : json.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    private static Parcel row(ResultSet rs) throws SQLException {
        return new Parcel(rs.getLong("id"), rs.getString("dossier_code"), rs.getString("kind"),
                rs.getString("tracking_number"), rs.getString("order_id"), ParcelStatus.valueOf(rs.getString("status")),
                instant(rs, "status_at"), rs.getInt("weight_grams"),
                new PostSettings.Charges(rs.getLong("postage_vnd"), rs.getLong("fees_vnd"), rs.getLong("remittance_fee_vnd"),
                        rs.getLong("collect_vnd")),
                (Long) rs.getObject("collected_vnd", Long.class),
                new PostSettings.Party(rs.getString("from_name"), rs.getString("from_phone"), rs.getString("from_address")),
                new PostSettings.Party(rs.getString("to_name"), rs.getString("to_phone"), rs.getString("to_address")),
                rs.getString("note"), rs.getInt("failed_attempts"), instant(rs, "handed_back_at"), rs.getString("handed_back_reason"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
