package vn.lienthong.hub.dossier;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One line of a dossier's immutable history: who, when, what, why, through which channel, which form. */
@Entity
@Table(name = "dossier_history")
public class HistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "dossier_id", nullable = false, updatable = false)
    private long dossierId;
    @Column(name = "event_id", nullable = false, unique = true, updatable = false)
    private String eventId;
    @Column(nullable = false, updatable = false)
    private String type;
    @Column(name = "from_status", updatable = false)
    private String fromStatus;
    @Column(name = "to_status", nullable = false, updatable = false)
    private String toStatus;
    @Column(nullable = false, updatable = false)
    private Instant at;
    @Column(nullable = false, updatable = false)
    private String actor;
    @Column(updatable = false)
    private String client;
    @Column(updatable = false)
    private String channel;
    @Column(updatable = false)
    private String reason;
    @Column(name = "form_issued", updatable = false)
    private String formIssued;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    private String details;
    @Column(name = "recorded_at", nullable = false, updatable = false)
    private Instant recordedAt;

    protected HistoryEntry() {
    }

    HistoryEntry(long dossierId, String eventId, Transition t, String actor, String client, String channel,
            String reason, String details) {
        this.dossierId = dossierId;
        this.eventId = eventId;
        this.type = t.type();
        this.fromStatus = t.from() == null ? null : t.from().name();
        this.toStatus = t.to().name();
        this.at = t.at();
        this.actor = actor;
        this.client = client;
        this.channel = channel;
        this.reason = reason;
        this.formIssued = t.form() == null ? null : t.form().number();
        this.details = details == null ? "{}" : details;
        this.recordedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as PostgreSQL keeps it
    }

    public Long getId() { return id; }
    public long getDossierId() { return dossierId; }
    public String getEventId() { return eventId; }
    public String getType() { return type; }
    public String getFromStatus() { return fromStatus; }
    public String getToStatus() { return toStatus; }
    public Instant getAt() { return at; }
    public String getActor() { return actor; }
    public String getClient() { return client; }
    public String getChannel() { return channel; }
    public String getReason() { return reason; }
    public String getFormIssued() { return formIssued; }
    public String getDetails() { return details; }
    public Instant getRecordedAt() { return recordedAt; }
}
