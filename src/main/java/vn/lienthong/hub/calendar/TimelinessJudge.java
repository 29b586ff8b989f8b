package vn.lienthong.hub.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Judges whether a dossier was processed early, on time or late — the figure every period report and the
 * provincial score (Decision 766/QĐ-TTg) is built on.
 *
 * <p>Days are compared in the calendar's zone: a dossier resolved at 06:30 on the due date (23:30 UTC the day
 * before) is on time, not early.
 */
public final class TimelinessJudge {

    private final ZoneId zone;

    public TimelinessJudge(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param end                when processing ended: the first terminal state, or the period's end for a
     *                           dossier still open
     * @param judgedDueAt        the due date the dossier is judged against: the original due date moved only by
     *                           pauses. An extension (form 04, apology with a new date — thư xin lỗi và hẹn lại)
     *                           never changes it; the caller passes the original, pause-adjusted due date, not the
     *                           new appointment.
     * @param supplementRequests how many supplement requests the dossier had; more than one counts as late
     */
    public Timeliness judge(Instant end, Instant judgedDueAt, int supplementRequests) {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(judgedDueAt, "judgedDueAt");
        if (supplementRequests < 0) {
            throw new IllegalArgumentException("supplement requests cannot be negative: " + supplementRequests);
        }
        if (supplementRequests >= 2) {
            return Timeliness.LATE;
        }
        LocalDate endDay = LocalDate.ofInstant(end, zone);
        LocalDate dueDay = LocalDate.ofInstant(judgedDueAt, zone);
        if (endDay.isBefore(dueDay)) {
            return Timeliness.EARLY;
        }
        if (endDay.equals(dueDay) && !end.isAfter(judgedDueAt)) {
            return Timeliness.ON_TIME;
        }
        return Timeliness.LATE;
    }
}
