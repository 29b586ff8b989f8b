package vn.lienthong.hub.sandbox.axis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the simulated national axis holds: the messages it received ({@code sandbox_message}, partner
 * {@code axis}, in arrival order, each sync message with its status code) and the online submissions it offers
 * ({@code sandbox_axis_submission}). A delivery id already received for the same operation is recorded again,
 * flagged duplicate, and not applied.
 */
@Component
@SandboxOnly
class AxisRecords {

    static final String PARTNER = "axis";
    static final String SYNC = "SyncDossier";
    static final String PROGRESS = "UpdateProgress";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    AxisRecords(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    record Message(long id, String deliveryId, String kind, String dossierCode, Integer status, String payload,
            Instant receivedAt, boolean duplicate) {
    }

    record Held(int status, Instant updatedAt) {
    }

    record Submission(long id, String submissionId, String procedureCode, String applicant, String returnMethod,
            Instant submittedAt, Instant createdAt, Instant acknowledgedAt, String dossierCode, String rejectedReason) {
    }

    /** Records a message; concurrent ones with the same delivery id and operation are serialized. */
    Message record(String deliveryId, String dossierCode, String kind, Integer status, String payload) {
        return tx.execute(s -> {
            boolean duplicate = false;
            if (deliveryId != null) {
                jdbc.query("select pg_advisory_xact_lock(hashtext(?))", (RowCallbackHandler) rs -> { },
                        "sandbox_message:axis:" + kind + ":" + deliveryId);
                duplicate = Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from sandbox_message
                                       where partner = 'axis' and delivery_id = ? and kind = ?)""",
                        Boolean.class, deliveryId, kind));
            }
            return jdbc.queryForObject("""
                    insert into sandbox_message (partner, delivery_id, dossier_code, kind, status, payload, duplicate)
                    values ('axis', ?, ?, ?, ?, ?, ?)
                    returning id, delivery_id, kind, dossier_code, status, payload, received_at, duplicate""",
                    (rs, i) -> message(rs), deliveryId, dossierCode, kind, status, payload, duplicate);
        });
    }

    /** Whether this delivery id was already received for this operation. */
    boolean seen(String deliveryId, String kind) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from sandbox_message where partner = 'axis' and delivery_id = ? and kind = ?)""",
                Boolean.class, deliveryId, kind));
    }

    boolean knows(String dossierCode) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from sandbox_message where partner = 'axis' and dossier_code = ?
                               and kind = 'SyncDossier' and not duplicate)""", Boolean.class, dossierCode));
    }

    /** The messages about a dossier in arrival order, or the latest {@code limit} of all when none is given. */
    List<Message> list(String dossierCode, int limit) {
        if (dossierCode != null) {
            return jdbc.query("""
                    select id, delivery_id, kind, dossier_code, status, payload, received_at, duplicate
                    from sandbox_message where partner = 'axis' and dossier_code = ? order by id""",
                    (rs, i) -> message(rs), dossierCode);
        }
        return jdbc.query("""
                select * from (select id, delivery_id, kind, dossier_code, status, payload, received_at, duplicate
                               from sandbox_message where partner = 'axis' order by id desc limit ?) latest
                order by id""", (rs, i) -> message(rs), limit);
    }

    /** The status the axis holds for each dossier: that of the last sync message it applied. */
    Map<String, Held> held(List<String> codes) {
        Map<String, Held> held = new HashMap<>();
        jdbc.query("""
                select distinct on (dossier_code) dossier_code, status, received_at from sandbox_message
                where partner = 'axis' and dossier_code = any(?) and kind in ('SyncDossier', 'UpdateProgress')
                  and not duplicate and status is not null
                order by dossier_code, id desc""",
                (RowCallbackHandler) rs -> held.put(rs.getString(1),
                        new Held(rs.getInt(2), rs.getTimestamp(3).toInstant())),
                (Object) codes.toArray(new String[0]));
        return held;
    }

    Submission offer(String submissionId, String procedureCode, String applicantJson, String returnMethod,
            Instant submittedAt) {
        return jdbc.queryForObject("""
                insert into sandbox_axis_submission (submission_id, procedure_code, applicant, return_method, submitted_at)
                values (?, ?, ?::jsonb, ?, ?) returning *""", (rs, i) -> submission(rs),
                submissionId, procedureCode, applicantJson, returnMethod, Timestamp.from(submittedAt));
    }

    List<Submission> pending(int max) {
        return jdbc.query("select * from sandbox_axis_submission where acknowledged_at is null order by id limit ?",
                (rs, i) -> submission(rs), max);
    }

    /** Marks a submission taken in (dossier code) or refused (reason); false when the id is unknown. */
    boolean acknowledge(String submissionId, String dossierCode, String rejectedReason) {
        return jdbc.update("""
                update sandbox_axis_submission set acknowledged_at = coalesce(acknowledged_at, now()),
                  dossier_code = ?, rejected_reason = ? where submission_id = ?""",
                dossierCode, rejectedReason, submissionId) > 0;
    }

    List<Submission> submissions(int limit) {
        return jdbc.query("select * from (select * from sandbox_axis_submission order by id desc limit ?) s order by id",
                (rs, i) -> submission(rs), limit);
    }

    long submissionCount() {
        Long n = jdbc.queryForObject("select count(*) from sandbox_axis_submission", Long.class);
        return n == null ? 0 : n;
    }

    private static Message message(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp("received_at");
        int status = rs.getInt("status");
        return new Message(rs.getLong("id"), rs.getString("delivery_id"), rs.getString("kind"),
                rs.getString("dossier_code"), rs.wasNull() ? null : status, rs.getString("payload"),
                at == null ? null : at.toInstant(), rs.getBoolean("duplicate"));
    }

    private static Submission submission(ResultSet rs) throws SQLException {
        Timestamp ack = rs.getTimestamp("acknowledged_at");
        return new Submission(rs.getLong("id"), rs.getString("submission_id"), rs.getString("procedure_code"),
                rs.getString("applicant"), rs.getString("return_method"), rs.getTimestamp("submitted_at").toInstant(),
                rs.getTimestamp("created_at").toInstant(), ack == null ? null : ack.toInstant(),
                rs.getString("dossier_code"), rs.getString("rejected_reason"));
    }
}
