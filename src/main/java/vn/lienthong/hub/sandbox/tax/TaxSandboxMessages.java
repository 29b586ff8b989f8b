package vn.lienthong.hub.sandbox.tax;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the simulated tax authority received ({@code sandbox_message}, partner {@code tax}), in arrival order. A form
 * whose delivery id it already accepted is recorded too, flagged duplicate; an advisory lock makes exactly one of
 * two concurrent copies the original.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class TaxSandboxMessages {

    static final String PARTNER = "tax";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    TaxSandboxMessages(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    Received record(String deliveryId, String dossierCode, String kind, String payload) {
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

    /** The forms about a dossier (its own code or its parent's), or the latest {@code limit} when none is given. */
    List<Received> list(String dossierCode, String deliveryId, int limit) {
        if (dossierCode != null || deliveryId != null) {
            return jdbc.query("""
                    select id, delivery_id, dossier_code, kind, payload, received_at, duplicate from sandbox_message
                    where partner = ? and (?::text is null or dossier_code = ?) and (?::text is null or delivery_id = ?)
                    order by id""", (rs, i) -> row(rs), PARTNER, dossierCode, dossierCode, deliveryId, deliveryId);
        }
        return jdbc.query("""
                select * from (select id, delivery_id, dossier_code, kind, payload, received_at, duplicate
                               from sandbox_message where partner = ? order by id desc limit ?) latest
                order by id""", (rs, i) -> row(rs), PARTNER, limit);
    }

    private static Received row(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp("received_at");
        return new Received(rs.getLong("id"), rs.getString("delivery_id"), rs.getString("dossier_code"),
                rs.getString("kind"), rs.getString("payload"), at == null ? null : at.toInstant(),
                rs.getBoolean("duplicate"));
    }

    record Received(long id, String deliveryId, String dossierCode, String kind, String payload, Instant receivedAt,
            boolean duplicate) {
    }
}
