package vn.lienthong.hub.delivery;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.security.Secrets;

/**
 * The message log: every message in or out of the hub with a partner (partner, direction, dossier, delivery id,
 * payload digest, time, outcome, attempt), and the state of each planned delivery. Payloads carry personal data
 * and are removed after the retention period; digests stay.
 */
@Component("deliveryLog")
public class DeliveryLog {

    private final JdbcTemplate jdbc;
    private final int retentionDays;

    DeliveryLog(JdbcTemplate jdbc, @Value("${hub.delivery.payload-retention-days:30}") int retentionDays) {
        this.jdbc = jdbc;
        this.retentionDays = retentionDays;
    }

    public void log(String partner, String direction, String dossierCode, String deliveryId, String type,
            String payload, String outcome, int attempt, String detail) {
        String body = payload == null ? "" : payload;
        jdbc.update("""
                insert into message_log (partner, direction, dossier_code, delivery_id, message_type, payload_digest,
                  payload, outcome, attempt, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                partner, direction, dossierCode, deliveryId, type, Secrets.sha256(body), payload, outcome, attempt,
                detail == null ? null : truncate(detail));
    }

    /**
     * Records the start of an attempt. Returns false when this delivery id was already delivered (a duplicate
     * from a re-read event or a redelivered message): the caller then does not call the partner again.
     */
    public boolean begin(String deliveryId, String partner, String dossierCode, String kind) {
        List<String> status = jdbc.queryForList("""
                insert into partner_delivery (delivery_id, partner, dossier_code, kind, attempts) values (?, ?, ?, ?, 1)
                on conflict (delivery_id) do update set attempts = partner_delivery.attempts + 1
                returning status""", String.class, deliveryId, partner, dossierCode, kind);
        return status.isEmpty() || !"DELIVERED".equals(status.get(0));
    }

    public void delivered(String deliveryId) {
        jdbc.update("update partner_delivery set status = 'DELIVERED', delivered_at = now(), last_error = null where delivery_id = ?",
                deliveryId);
    }

    public void failed(String deliveryId, String error) {
        jdbc.update("update partner_delivery set last_error = ? where delivery_id = ?", truncate(error), deliveryId);
    }

    public void parked(String deliveryId, String error) {
        jdbc.update("update partner_delivery set status = 'PARKED', last_error = ? where delivery_id = ?", truncate(error), deliveryId);
    }

    public void requeued(String deliveryId) {
        jdbc.update("update partner_delivery set status = 'QUEUED' where delivery_id = ? and status = 'PARKED'", deliveryId);
    }

    /** The dossier's timeline of partner messages, oldest first. */
    public List<Map<String, Object>> timeline(String dossierCode) {
        return jdbc.queryForList("""
                select partner, direction, delivery_id as "deliveryId", message_type as "messageType",
                       payload_digest as "payloadDigest", payload is not null as "payloadKept", at, outcome, attempt, detail
                from message_log where dossier_code = ? order by id""", dossierCode);
    }

    /** Removes payloads older than the retention period; returns how many. */
    public int purgePayloads() {
        return jdbc.update("update message_log set payload = null where payload is not null and at < now() - make_interval(days => ?)",
                retentionDays);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
