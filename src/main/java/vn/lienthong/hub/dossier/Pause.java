package vn.lienthong.hub.dossier;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** A pause of the clock and the working minutes it moved the due date by. */
@Embeddable
public class Pause {

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    private PauseKind kind;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "working_minutes")
    private Long workingMinutes;

    protected Pause() {
    }

    Pause(PauseKind kind, Instant startedAt) {
        this.kind = kind;
        this.startedAt = startedAt;
    }

    /** A pause as stored (DossierRows). */
    Pause(PauseKind kind, Instant startedAt, Instant endedAt, Long workingMinutes) {
        this.kind = kind;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.workingMinutes = workingMinutes;
    }

    void end(Instant at, long minutes) {
        this.endedAt = at;
        this.workingMinutes = minutes;
    }

    public PauseKind getKind() { return kind; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getEndedAt() { return endedAt; }
    public Long getWorkingMinutes() { return workingMinutes; }
}
