package vn.lienthong.hub.dossier;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.BatchSize;
import jakarta.persistence.Version;

import vn.lienthong.hub.calendar.Timeliness;

/**
 * A dossier (hồ sơ) and its clock. Only {@link Lifecycle} changes its status, dates and pauses; everything else
 * is set once at intake.
 */
@Entity
@Table(name = "dossier")
public class Dossier {

    /**
     * From the table's sequence, which steps by 50 (V14): Hibernate takes a block of 50 ids at a time (the optimizer
     * "pooled-lo", application.yaml) and so can write many rows in one JDBC batch; the historical import takes single
     * values with {@code nextval}, which never fall into a block. Within one hub instance ids still follow the order
     * of registration (the search lists newest first by id); blocks of two instances interleave by at most 50.
     */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dossier_id")
    @SequenceGenerator(name = "dossier_id", sequenceName = "dossier_id_seq", allocationSize = 50)
    private Long id;
    @Column(nullable = false, unique = true, updatable = false)
    private String code;
    @Column(name = "procedure_id", nullable = false, updatable = false)
    private long procedureId;
    @Column(name = "procedure_code", nullable = false, updatable = false)
    private String procedureCode;
    @Column(name = "agency_code", nullable = false, updatable = false)
    private String agencyCode;
    @Column(name = "applicant_name", nullable = false)
    private String applicantName;
    @Column(name = "applicant_id_number", nullable = false, columnDefinition = "bpchar(12)")
    private String applicantIdNumber;
    @Column(name = "applicant_phone")
    private String applicantPhone;
    @Column(name = "applicant_email")
    private String applicantEmail;
    @Column(name = "applicant_address")
    private String applicantAddress;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;
    @Enumerated(EnumType.STRING)
    @Column(name = "return_method", nullable = false)
    private ReturnMethod returnMethod;
    @Column(name = "fees_vnd", nullable = false)
    private long feesVnd;
    @Column(name = "four_on_site", nullable = false)
    private boolean fourOnSite;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DossierStatus status;
    @Column(name = "sub_state")
    private String subState;
    @Column(name = "current_agency")
    private String currentAgency;
    @Column(name = "submitted_at")
    private Instant submittedAt;
    @Column(name = "received_at")
    private Instant receivedAt;
    @Column(name = "limit_minutes")
    private Long limitMinutes;
    @Column(name = "same_day", nullable = false)
    private boolean sameDay;
    @Column(name = "original_due_at")
    private Instant originalDueAt;
    @Column(name = "due_at")
    private Instant dueAt;
    @Column(name = "paused_at")
    private Instant pausedAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "pause_kind")
    private PauseKind pauseKind;
    @Column(name = "paused_minutes", nullable = false)
    private long pausedMinutes;
    @Column(name = "supplement_requests", nullable = false)
    private int supplementRequests;
    @Column(nullable = false)
    private boolean extended;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "end_kind")
    private EndKind endKind;
    @Enumerated(EnumType.STRING)
    @Column(name = "timeliness")
    private Timeliness timeliness;
    @Column(name = "resolved_at")
    private Instant resolvedAt;
    @Column(name = "last_event_at")
    private Instant lastEventAt;
    @Column(name = "returned_at")
    private Instant returnedAt;
    @Column(name = "due_soon_notified", nullable = false)
    private boolean dueSoonNotified;
    @Column(name = "overdue_notified", nullable = false)
    private boolean overdueNotified;
    @Column(name = "parent_id")
    private Long parentId;
    @Column(name = "step_order")
    private Integer stepOrder;
    @Column(name = "step_partner")
    private String stepPartner;
    @Column(nullable = false)
    private boolean imported;
    @Version
    private long version;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    // read for up to 64 dossiers of the session at once (DueScanner loads a batch of dossiers; the batches of
    // changes and of events read theirs by JDBC: DossierRows)
    @ElementCollection
    @BatchSize(size = 64)
    @CollectionTable(name = "dossier_pause", joinColumns = @JoinColumn(name = "dossier_id"))
    @OrderColumn(name = "seq")
    private List<Pause> pauses = new ArrayList<>();

    protected Dossier() {
    }

    /**
     * Every column the entity maps, in the order of {@link #fromRow}: IntakeWriter inserts new dossiers with them
     * (values from {@code IntakeWriter#columns}), DossierRows reads and updates the dossiers of a batch.
     */
    static final String COLUMNS = """
            id, code, procedure_id, procedure_code, agency_code, applicant_name, applicant_id_number, applicant_phone,
            applicant_email, applicant_address, channel, return_method, fees_vnd, four_on_site, status, sub_state,
            current_agency, submitted_at, received_at, limit_minutes, same_day, original_due_at, due_at, paused_at,
            pause_kind, paused_minutes, supplement_requests, extended, ended_at, end_kind, timeliness, resolved_at,
            last_event_at, returned_at, due_soon_notified, overdue_notified, parent_id, step_order, step_partner, imported,
            version, created_at, updated_at""";

    /** The names of {@link #COLUMNS}, in their order. */
    static final List<String> COLUMN_NAMES = List.of(COLUMNS.strip().split(",\\s*"));

    /** A dossier from a row of {@link #COLUMNS} (its pauses are added by the caller); not managed by Hibernate. */
    static Dossier fromRow(ResultSet rs) throws SQLException {
        Dossier d = new Dossier();
        d.id = rs.getLong(1);
        d.code = rs.getString(2);
        d.procedureId = rs.getLong(3);
        d.procedureCode = rs.getString(4);
        d.agencyCode = rs.getString(5);
        d.applicantName = rs.getString(6);
        d.applicantIdNumber = rs.getString(7);
        d.applicantPhone = rs.getString(8);
        d.applicantEmail = rs.getString(9);
        d.applicantAddress = rs.getString(10);
        d.channel = Channel.valueOf(rs.getString(11));
        d.returnMethod = ReturnMethod.valueOf(rs.getString(12));
        d.feesVnd = rs.getLong(13);
        d.fourOnSite = rs.getBoolean(14);
        d.status = DossierStatus.valueOf(rs.getString(15));
        d.subState = rs.getString(16);
        d.currentAgency = rs.getString(17);
        d.submittedAt = instant(rs, 18);
        d.receivedAt = instant(rs, 19);
        d.limitMinutes = rs.getObject(20, Long.class);
        d.sameDay = rs.getBoolean(21);
        d.originalDueAt = instant(rs, 22);
        d.dueAt = instant(rs, 23);
        d.pausedAt = instant(rs, 24);
        d.pauseKind = named(PauseKind.class, rs.getString(25));
        d.pausedMinutes = rs.getLong(26);
        d.supplementRequests = rs.getInt(27);
        d.extended = rs.getBoolean(28);
        d.endedAt = instant(rs, 29);
        d.endKind = named(EndKind.class, rs.getString(30));
        d.timeliness = named(Timeliness.class, rs.getString(31));
        d.resolvedAt = instant(rs, 32);
        d.lastEventAt = instant(rs, 33);
        d.returnedAt = instant(rs, 34);
        d.dueSoonNotified = rs.getBoolean(35);
        d.overdueNotified = rs.getBoolean(36);
        d.parentId = rs.getObject(37, Long.class);
        d.stepOrder = rs.getObject(38, Integer.class);
        d.stepPartner = rs.getString(39);
        d.imported = rs.getBoolean(40);
        d.version = rs.getLong(41);
        d.createdAt = instant(rs, 42);
        d.updatedAt = instant(rs, 43);
        return d;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    /** The version a JDBC update of the dossier wrote (DossierRows), as Hibernate's flush would have set it. */
    void versionWritten(long written) {
        this.version = written;
    }

    /** A new dossier as registered at intake; {@link Lifecycle#intake} sets its status and clock. */
    public Dossier(String code, long procedureId, String procedureCode, String agencyCode, Applicant applicant,
            Channel channel, ReturnMethod returnMethod, long feesVnd, boolean fourOnSite) {
        this.code = code;
        this.procedureId = procedureId;
        this.procedureCode = procedureCode;
        this.agencyCode = agencyCode;
        this.applicantName = applicant.fullName();
        this.applicantIdNumber = applicant.idNumber();
        this.applicantPhone = applicant.phone();
        this.applicantEmail = applicant.email();
        this.applicantAddress = applicant.address();
        this.channel = channel;
        this.returnMethod = returnMethod;
        this.feesVnd = feesVnd;
        this.fourOnSite = fourOnSite;
        this.currentAgency = agencyCode;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** The dossier's code, given once its receipt number is taken (IntakeWriter numbers a batch at once). */
    void assignCode(String code) {
        if (this.id != null) {
            throw new IllegalStateException("dossier " + this.code + " is stored: its code cannot change");
        }
        this.code = code;
    }

    /** The id IntakeWriter took for the dossier it writes by JDBC (from this entity's own id generator). */
    void assignId(long id) {
        if (this.id != null) {
            throw new IllegalStateException("dossier " + this.code + " has its id");
        }
        this.id = id;
    }

    public Applicant applicant() {
        return new Applicant(applicantName, applicantIdNumber, applicantPhone, applicantEmail, applicantAddress);
    }

    // --- mutators for the lifecycle (package-private on purpose) ---
    void setStatus(DossierStatus status) { this.status = status; this.updatedAt = Instant.now(); }
    void setSubState(String subState) { this.subState = subState; }
    void setCurrentAgency(String currentAgency) { this.currentAgency = currentAgency; }
    void setSubmittedAt(Instant submittedAt) { this.submittedAt = submittedAt; }
    void setReceivedAt(Instant receivedAt) { this.receivedAt = receivedAt; }
    void setLimitMinutes(Long limitMinutes) { this.limitMinutes = limitMinutes; }
    void setSameDay(boolean sameDay) { this.sameDay = sameDay; }
    void setOriginalDueAt(Instant originalDueAt) { this.originalDueAt = originalDueAt; }
    void setDueAt(Instant dueAt) { this.dueAt = dueAt; }
    void setPausedAt(Instant pausedAt) { this.pausedAt = pausedAt; }
    void setPauseKind(PauseKind pauseKind) { this.pauseKind = pauseKind; }
    void addPausedMinutes(long minutes) { this.pausedMinutes += minutes; }
    void incrementSupplementRequests() { this.supplementRequests++; }
    void setExtended(boolean extended) { this.extended = extended; }
    void setEndedAt(Instant endedAt) { this.endedAt = endedAt; }
    void setEndKind(EndKind endKind) { this.endKind = endKind; }
    void setTimeliness(Timeliness timeliness) { this.timeliness = timeliness; }
    void setResolvedAt(Instant resolvedAt) { this.resolvedAt = resolvedAt; }
    void setLastEventAt(Instant lastEventAt) { this.lastEventAt = lastEventAt; }
    void setReturnedAt(Instant returnedAt) { this.returnedAt = returnedAt; }
    void setDueSoonNotified(boolean v) { this.dueSoonNotified = v; }
    void setOverdueNotified(boolean v) { this.overdueNotified = v; }
    void setImported(boolean imported) { this.imported = imported; }
    void setParent(Long parentId, Integer stepOrder, String stepPartner) {
        this.parentId = parentId;
        this.stepOrder = stepOrder;
        this.stepPartner = stepPartner;
    }
    List<Pause> pausesMutable() { return pauses; }

    public Long getId() { return id; }
    public String getCode() { return code; }
    public long getProcedureId() { return procedureId; }
    public String getProcedureCode() { return procedureCode; }
    public String getAgencyCode() { return agencyCode; }
    public Channel getChannel() { return channel; }
    public ReturnMethod getReturnMethod() { return returnMethod; }
    public long getFeesVnd() { return feesVnd; }
    public boolean isFourOnSite() { return fourOnSite; }
    public DossierStatus getStatus() { return status; }
    public String getSubState() { return subState; }
    public String getCurrentAgency() { return currentAgency; }
    public Instant getSubmittedAt() { return submittedAt; }
    public Instant getReceivedAt() { return receivedAt; }
    public Long getLimitMinutes() { return limitMinutes; }
    public boolean isSameDay() { return sameDay; }
    public Instant getOriginalDueAt() { return originalDueAt; }
    public Instant getDueAt() { return dueAt; }
    public Instant getPausedAt() { return pausedAt; }
    public PauseKind getPauseKind() { return pauseKind; }
    public long getPausedMinutes() { return pausedMinutes; }
    public int getSupplementRequests() { return supplementRequests; }
    public boolean isExtended() { return extended; }
    public Instant getEndedAt() { return endedAt; }
    public EndKind getEndKind() { return endKind; }
    public Timeliness getTimeliness() { return timeliness; }
    public Instant getResolvedAt() { return resolvedAt; }
    public Instant getLastEventAt() { return lastEventAt; }
    public Instant getReturnedAt() { return returnedAt; }
    public boolean isDueSoonNotified() { return dueSoonNotified; }
    public boolean isOverdueNotified() { return overdueNotified; }
    public Long getParentId() { return parentId; }
    public Integer getStepOrder() { return stepOrder; }
    public String getStepPartner() { return stepPartner; }
    public boolean isImported() { return imported; }
    public long getVersion() { return version; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public List<Pause> getPauses() { return List.copyOf(pauses); }
}
