package vn.lienthong.hub.dossier;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import vn.lienthong.hub.calendar.TimeLimit;

import static vn.lienthong.hub.dossier.DossierStatus.AWAITING_PAYMENT;
import static vn.lienthong.hub.dossier.DossierStatus.IN_PROGRESS;
import static vn.lienthong.hub.dossier.DossierStatus.RECEIVED;
import static vn.lienthong.hub.dossier.DossierStatus.REFUSED;
import static vn.lienthong.hub.dossier.DossierStatus.RESOLVED;
import static vn.lienthong.hub.dossier.DossierStatus.RETURNED;
import static vn.lienthong.hub.dossier.DossierStatus.STOPPED;
import static vn.lienthong.hub.dossier.DossierStatus.SUBMITTED;
import static vn.lienthong.hub.dossier.DossierStatus.SUPPLEMENT_REQUESTED;
import static vn.lienthong.hub.dossier.DossierStatus.WITHDRAWAL_REQUESTED;

/**
 * The dossier lifecycle of DESIGN.md, enforced in one place for every channel (API, agencies, post, national
 * portal, historical import). Plain Java: it changes the dossier in memory and says what happened, or throws
 * {@link IllegalTransitionException} having changed nothing.
 */
public final class Lifecycle {

    /** Events may be dated a little in the future to absorb clock skew between systems, not more. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private static final Set<DossierStatus> WORKING = EnumSet.of(RECEIVED, IN_PROGRESS);
    private static final Set<DossierStatus> OPEN_AFTER_RECEIPT =
            EnumSet.of(RECEIVED, IN_PROGRESS, SUPPLEMENT_REQUESTED, AWAITING_PAYMENT, WITHDRAWAL_REQUESTED);

    private final Deadlines deadlines;

    public Lifecycle(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    /**
     * Sets the initial state of a new dossier: SUBMITTED when it was submitted (online or by post) and not yet
     * accepted, else RECEIVED at {@code receivedAt} with its due date computed.
     */
    public Transition intake(Dossier d, Instant submittedAt, Instant receivedAt, TimeLimit limit, long limitMinutes,
            Instant now) {
        if (receivedAt == null && submittedAt == null) {
            receivedAt = now;
        }
        if (submittedAt != null && receivedAt != null && receivedAt.isBefore(submittedAt)) {
            throw new InvalidDossierException("receivedAt", "received before it was submitted");
        }
        Instant latest = receivedAt != null ? receivedAt : submittedAt;
        if (latest.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            throw new InvalidDossierException(receivedAt != null ? "receivedAt" : "submittedAt", "lies in the future");
        }
        d.setSubmittedAt(submittedAt);
        d.setLimitMinutes(limitMinutes);
        d.setSameDay(limit.isSameDay());
        d.setLastEventAt(latest);
        if (receivedAt == null) {
            d.setStatus(SUBMITTED);
            return new Transition("SUBMIT", null, SUBMITTED, submittedAt, null);
        }
        receive(d, receivedAt, limit);
        return new Transition("RECEIVE", null, RECEIVED, receivedAt, Form.RECEIPT);
    }

    /** Applies one event, or refuses it leaving the dossier untouched. */
    public Transition apply(Dossier d, DossierCommand c, TimeLimit limit, Instant now) {
        Instant at = c.at() != null ? c.at() : now;
        DossierStatus from = d.getStatus();
        if (at.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            throw new IllegalTransitionException("event-in-future", "the event's time " + at + " lies in the future");
        }
        Instant floor = latestMoment(d);
        if (floor != null && at.isBefore(floor)) {
            throw new IllegalTransitionException("event-out-of-order",
                    "the event's time " + at + " is before the dossier's last change at " + floor);
        }
        switch (c.type()) {
            case ACCEPT -> {
                require(c, from, EnumSet.of(SUBMITTED));
                receive(d, at, limit);
                return done(c, from, d, at, Form.RECEIPT);
            }
            case REFUSE -> {
                require(c, from, EnumSet.of(SUBMITTED));
                requireReason(c);
                end(d, at, EndKind.REFUSED, REFUSED);
                return done(c, from, d, at, Form.REFUSAL);
            }
            case START -> {
                require(c, from, EnumSet.of(RECEIVED));
                d.setStatus(IN_PROGRESS);
                return done(c, from, d, at, null);
            }
            case TRANSFER -> {
                require(c, from, WORKING);
                if (c.toAgency() == null || c.toAgency().isBlank()) {
                    throw new IllegalTransitionException("missing-to-agency", "TRANSFER needs toAgency");
                }
                d.setStatus(IN_PROGRESS);
                d.setSubState("TRANSFERRED");
                d.setCurrentAgency(c.toAgency());
                return done(c, from, d, at, null);
            }
            case REQUEST_SUPPLEMENT -> {
                require(c, from, WORKING);
                requireReason(c);
                pause(d, PauseKind.SUPPLEMENT, at);
                d.incrementSupplementRequests();
                d.setStatus(SUPPLEMENT_REQUESTED);
                return done(c, from, d, at, Form.SUPPLEMENT_REQUEST);
            }
            case SUPPLEMENT_RECEIVED -> {
                require(c, from, EnumSet.of(SUPPLEMENT_REQUESTED));
                resume(d, at);
                d.setStatus(IN_PROGRESS);
                return done(c, from, d, at, null);
            }
            case REQUEST_PAYMENT -> {
                require(c, from, WORKING);
                pause(d, PauseKind.PAYMENT, at);
                d.setStatus(AWAITING_PAYMENT);
                return done(c, from, d, at, null);
            }
            case PAYMENT_RECEIVED -> {
                require(c, from, EnumSet.of(AWAITING_PAYMENT));
                resume(d, at);
                d.setStatus(IN_PROGRESS);
                return done(c, from, d, at, null);
            }
            case EXTEND -> {
                require(c, from, WORKING);
                requireReason(c);
                if (d.isExtended()) {
                    throw new IllegalTransitionException("already-extended",
                            "the appointment may be reset once; this dossier was already extended");
                }
                if (c.newDueAt() == null) {
                    throw new IllegalTransitionException("missing-new-due-at", "EXTEND needs newDueAt");
                }
                try {
                    deadlines.checkExtension(at, d.getDueAt(), c.newDueAt());
                } catch (IllegalArgumentException e) {
                    throw new IllegalTransitionException("extension-too-late", e.getMessage());
                }
                // a new appointment for the citizen; timeliness stays judged against originalDueAt
                d.setDueAt(c.newDueAt());
                d.setExtended(true);
                d.setSubState("EXTENDED");
                if (from == RECEIVED) {
                    d.setStatus(IN_PROGRESS);
                }
                return done(c, from, d, at, Form.APOLOGY_NEW_DATE);
            }
            case RESOLVE -> {
                require(c, from, WORKING);
                d.setResolvedAt(at);
                end(d, at, EndKind.RESOLVED, RESOLVED);
                return done(c, from, d, at, null);
            }
            case RETURN -> {
                require(c, from, EnumSet.of(RESOLVED));
                d.setReturnedAt(at);
                d.setStatus(RETURNED);
                return done(c, from, d, at, null);
            }
            case REQUEST_WITHDRAWAL -> {
                require(c, from, EnumSet.of(RECEIVED, IN_PROGRESS, SUPPLEMENT_REQUESTED, AWAITING_PAYMENT));
                if (d.getPausedAt() != null) {
                    resume(d, at);
                }
                d.setStatus(WITHDRAWAL_REQUESTED);
                return done(c, from, d, at, null);
            }
            case STOP -> {
                require(c, from, OPEN_AFTER_RECEIPT);
                requireReason(c);
                // a citizen who never brings the supplement: processing ends at the request (DOMAIN.md)
                Instant end = from == SUPPLEMENT_REQUESTED ? d.getPausedAt() : at;
                if (d.getPausedAt() != null) {
                    closePause(d, end);
                }
                end(d, end, from == WITHDRAWAL_REQUESTED ? EndKind.WITHDRAWN : EndKind.STOPPED, STOPPED);
                return done(c, from, d, at, Form.STOP_NOTICE);
            }
            default -> throw new IllegalTransitionException("unknown-event", "unknown event " + c.type());
        }
    }

    /** The events the lifecycle would accept now, for clients and the console. */
    public static List<EventType> allowedEvents(DossierStatus status, boolean extended) {
        return switch (status) {
            case SUBMITTED -> List.of(EventType.ACCEPT, EventType.REFUSE);
            case RECEIVED -> extended
                    ? List.of(EventType.START, EventType.TRANSFER, EventType.REQUEST_SUPPLEMENT, EventType.REQUEST_PAYMENT,
                            EventType.RESOLVE, EventType.REQUEST_WITHDRAWAL, EventType.STOP)
                    : List.of(EventType.START, EventType.TRANSFER, EventType.REQUEST_SUPPLEMENT, EventType.REQUEST_PAYMENT,
                            EventType.EXTEND, EventType.RESOLVE, EventType.REQUEST_WITHDRAWAL, EventType.STOP);
            case IN_PROGRESS -> extended
                    ? List.of(EventType.TRANSFER, EventType.REQUEST_SUPPLEMENT, EventType.REQUEST_PAYMENT,
                            EventType.RESOLVE, EventType.REQUEST_WITHDRAWAL, EventType.STOP)
                    : List.of(EventType.TRANSFER, EventType.REQUEST_SUPPLEMENT, EventType.REQUEST_PAYMENT,
                            EventType.EXTEND, EventType.RESOLVE, EventType.REQUEST_WITHDRAWAL, EventType.STOP);
            case SUPPLEMENT_REQUESTED -> List.of(EventType.SUPPLEMENT_RECEIVED, EventType.REQUEST_WITHDRAWAL, EventType.STOP);
            case AWAITING_PAYMENT -> List.of(EventType.PAYMENT_RECEIVED, EventType.REQUEST_WITHDRAWAL, EventType.STOP);
            case WITHDRAWAL_REQUESTED -> List.of(EventType.STOP);
            case RESOLVED -> List.of(EventType.RETURN);
            case REFUSED, STOPPED, RETURNED -> List.of();
        };
    }

    private void receive(Dossier d, Instant at, TimeLimit limit) {
        d.setReceivedAt(at);
        Instant due = deadlines.dueAt(at, limit);
        d.setOriginalDueAt(due);
        d.setDueAt(due);
        d.setStatus(RECEIVED);
    }

    private void pause(Dossier d, PauseKind kind, Instant at) {
        d.setPausedAt(at);
        d.setPauseKind(kind);
        d.pausesMutable().add(new Pause(kind, at));
    }

    /** Ends the pause: the due dates move by the working time it lasted. */
    private void resume(Dossier d, Instant at) {
        long minutes = closePause(d, at);
        d.addPausedMinutes(minutes);
        d.setOriginalDueAt(deadlines.shift(d.getOriginalDueAt(), minutes));
        d.setDueAt(deadlines.shift(d.getDueAt(), minutes));
        // the due date moved: warn again about the new one
        d.setDueSoonNotified(false);
        d.setOverdueNotified(false);
    }

    private long closePause(Dossier d, Instant at) {
        long minutes = deadlines.workingMinutesBetween(d.getPausedAt(), at);
        List<Pause> pauses = d.pausesMutable();
        pauses.get(pauses.size() - 1).end(at, minutes);
        d.setPausedAt(null);
        d.setPauseKind(null);
        return minutes;
    }

    private void end(Dossier d, Instant at, EndKind kind, DossierStatus status) {
        if (d.getEndedAt() == null) {
            d.setEndedAt(at);
            d.setEndKind(kind);
            if (d.getOriginalDueAt() != null) {
                d.setTimeliness(deadlines.judge(at, d.getOriginalDueAt(), d.getSupplementRequests()));
            }
        }
        d.setStatus(status);
    }

    private static Instant latestMoment(Dossier d) {
        Instant latest = d.getLastEventAt();
        for (Instant t : new Instant[] {d.getSubmittedAt(), d.getReceivedAt(), d.getPausedAt(), d.getResolvedAt(),
                d.getReturnedAt()}) {
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        for (Pause p : d.pausesMutable()) {
            if (p.getEndedAt() != null && (latest == null || p.getEndedAt().isAfter(latest))) {
                latest = p.getEndedAt();
            }
        }
        return latest;
    }

    private static void require(DossierCommand c, DossierStatus from, Set<DossierStatus> allowed) {
        if (!allowed.contains(from)) {
            throw new IllegalTransitionException("illegal-transition",
                    c.type() + " is not allowed in status " + from + " (allowed in " + allowed + ")");
        }
    }

    private static void requireReason(DossierCommand c) {
        if (c.reason() == null || c.reason().isBlank()) {
            throw new IllegalTransitionException("missing-reason", c.type() + " needs a reason");
        }
    }

    private static Transition done(DossierCommand c, DossierStatus from, Dossier d, Instant at, Form form) {
        if (d.getLastEventAt() == null || at.isAfter(d.getLastEventAt())) {
            d.setLastEventAt(at);
        }
        return new Transition(c.type().name(), from, d.getStatus(), at, form);
    }
}
