package vn.lienthong.hub.sandbox.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The orders the simulated post received ({@code sandbox_message}, partner {@code vnpost}), in arrival order. An
 * order whose delivery id it already took is recorded too, flagged duplicate.
 */
@Component
@SandboxPost
class PostMessages {

    static final String PARTNER = "vnpost";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    PostMessages(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Records an order; concurrent orders with the same delivery id are serialized, so one is the original. */
    Message record(String deliveryId, String dossierCode, String kind, String payload) {
        return tx.execute(status -> {
            jdbc.query("select pg_advisory_xact_lock(hashtext(?))", (RowCallbackHandler) rs -> { },
                    "sandbox_message:" + PARTNER + ":" + deliveryId);
            boolean duplicate = Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from sandbox_message where partner = ? and delivery_id = ?)",
                    Boolean.class, PARTNER, deliveryId));
            return jdbc.queryForObject("""
                    insert into sandbox_message (partner, delivery_id, dossier_code, kind, payload, duplicate)
                    values (?, ?, ?, ?, ?, ?)
                    returning id, delivery_id, dossier_code, kind, payload, received_at, duplicate""",
                    (rs, i) -> row(rs), PARTNER, deliveryId, dossierCode, kind, payload, duplicate);
        });
    }

    /** The orders about a dossier (all of them), or the latest {@code limit} when no dossier is given. */
    List<Message> list(String dossierCode, int limit) {
        if (dossierCode != null) {
            return jdbc.query("""
                    select id, delivery_id, dossier_code, kind, payload, received_at, duplicate from sandbox_message
                    where partner = ? and dossier_code = ? order by id""", (rs, i) -> row(rs), PARTNER, dossierCode);
        }
        return jdbc.query("""
                select * from (select id, delivery_id, dossier_code, kind, payload, received_at, duplicate
                               from sandbox_message where partner = ? order by id desc limit ?) latest
                order by id""", (rs, i) -> row(rs), PARTNER, limit);
    }

    private static Message row(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp("received_at");
        return new Message(rs.getLong("id"), rs.getString("delivery_id"), rs.getString("dossier_code"),
                rs.getString("kind"), rs.getString("payload"), at == null ? null : at.toInstant(), rs.getBoolean("duplicate"));
    }

    record Message(long id, String deliveryId, String dossierCode, String kind, String payload, Instant receivedAt,
            boolean duplicate) {
    }
}
