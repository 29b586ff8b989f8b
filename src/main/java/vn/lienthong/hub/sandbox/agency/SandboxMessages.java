package vn.lienthong.hub.sandbox.agency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the simulated agencies received ({@code sandbox_message}), in arrival order. A request whose delivery id
 * this partner already accepted is recorded too, flagged duplicate.
 */
@Component
@SandboxOnly
class SandboxMessages {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    SandboxMessages(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Records a request; returns it with its duplicate flag. Concurrent requests with the same delivery id are
     * serialized by an advisory lock, so exactly one of them is the original.
     */
    Message record(String partner, String deliveryId, String dossierCode, String kind, String payload) {
        return tx.execute(status -> {
            boolean duplicate = false;
            if (deliveryId != null) {
                jdbc.query("select pg_advisory_xact_lock(hashtext(?))", (RowCallbackHandler) rs -> { },
                        "sandbox_message:" + partner + ":" + deliveryId);
                duplicate = Boolean.TRUE.equals(jdbc.queryForObject(
                        "select exists (select 1 from sandbox_message where partner = ? and delivery_id = ?)",
                        Boolean.class, partner, deliveryId));
            }
            return jdbc.queryForObject("""
                    insert into sandbox_message (partner, delivery_id, dossier_code, kind, payload, duplicate)
                    values (?, ?, ?, ?, ?, ?)
                    returning id, partner, delivery_id, dossier_code, kind, payload, received_at, duplicate""",
                    (rs, i) -> row(rs), partner, deliveryId, dossierCode, kind, payload, duplicate);
        });
    }

    /** A partner's messages about a dossier (all of them, or the latest {@code limit} when no filter is given). */
    List<Message> list(String partner, String dossierCode, String deliveryId, int limit) {
        if (dossierCode != null || deliveryId != null) {
            return jdbc.query("""
                    select id, partner, delivery_id, dossier_code, kind, payload, received_at, duplicate
                    from sandbox_message
                    where partner = ? and (?::text is null or dossier_code = ?) and (?::text is null or delivery_id = ?)
                    order by id""", (rs, i) -> row(rs), partner, dossierCode, dossierCode, deliveryId, deliveryId);
        }
        return jdbc.query("""
                select * from (select id, partner, delivery_id, dossier_code, kind, payload, received_at, duplicate
                               from sandbox_message where partner = ? order by id desc limit ?) latest
                order by id""", (rs, i) -> row(rs), partner, limit);
    }

    private static Message row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp("received_at");
        return new Message(rs.getLong("id"), rs.getString("partner"), rs.getString("delivery_id"),
                rs.getString("dossier_code"), rs.getString("kind"), rs.getString("payload"),
                at == null ? null : at.toInstant(), rs.getBoolean("duplicate"));
    }

    record Message(long id, String partner, String deliveryId, String dossierCode, String kind, String payload,
            Instant receivedAt, boolean duplicate) {
    }
}
