package vn.lienthong.hub.calendar;

import java.time.Instant;
import java.util.Objects;

/**
 * When an agency may reset a dossier's appointment with an apology and a new date (form 04, phiếu xin lỗi và hẹn
 * lại ngày trả kết quả): at least one working day before the current due date, and only to a later date.
 *
 * <p>The rule is measured in working time, not calendar days, so an apology sent on Friday for a Monday due date
 * is in time only if a full day of office hours remains. That the appointment may be reset only once is the
 * dossier's business (it knows its history), not this rule's. The new date never changes how the dossier is
 * judged: see {@link TimelinessJudge}.
 */
public final class ExtensionRule {

    private ExtensionRule() {
    }

    /**
     * @throws IllegalArgumentException unless {@code now} is at least one working day (the office-hours minutes
     *                                  of one day) before {@code currentDueAt} and {@code newDueAt} is after it
     */
    public static void check(WorkingCalendar calendar, Instant now, Instant currentDueAt, Instant newDueAt) {
        Objects.requireNonNull(calendar, "calendar");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(currentDueAt, "currentDueAt");
        Objects.requireNonNull(newDueAt, "newDueAt");
        long oneDay = calendar.settings().officeHours().totalMinutes();
        long left = calendar.workingMinutesBetween(now, currentDueAt);
        if (left < oneDay) {
            throw new IllegalArgumentException("too late to extend: an apology with a new date must be sent at least "
                    + "one working day (" + oneDay + " working minutes) before the due date " + currentDueAt
                    + ", but only " + left + " working minutes are left");
        }
        if (!newDueAt.isAfter(currentDueAt)) {
            throw new IllegalArgumentException("the new due date " + newDueAt
                    + " must be after the current due date " + currentDueAt);
        }
    }
}
