package vn.lienthong.hub.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Computes a dossier's due date (ngày hẹn trả kết quả) from the moment a valid dossier is received and its
 * procedure's time limit, on the working calendar.
 *
 * <p>The due date is fixed at receipt: a later change of the catalog never moves it, only pauses do
 * ({@link #shift}).
 */
public final class DueDateCalculator {

    private final WorkingCalendar calendar;

    public DueDateCalculator(WorkingCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * The due date of a dossier received at {@code receivedAt}.
     *
     * <ul>
     *   <li>A limit in working days or hours is counted in working minutes from the receipt, or from the next
     *       opening when received outside office hours: received Monday 09:00 with 3 working days, due Thursday
     *       09:00.</li>
     *   <li>A same-day limit: received on a working day before the cut-off (15:00, including before opening and
     *       at lunch), due at the close of that day; received at or after the cut-off, or on a day off, due at
     *       the close of the next working day.</li>
     * </ul>
     */
    public Instant dueAt(Instant receivedAt, TimeLimit limit) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(limit, "limit");
        CalendarSettings settings = calendar.settings();
        if (!limit.isSameDay()) {
            return calendar.addWorkingMinutes(receivedAt, limit.workingMinutes(settings.officeHours()));
        }
        LocalDateTime local = LocalDateTime.ofInstant(receivedAt, settings.zone());
        LocalDate day = local.toLocalDate();
        if (calendar.isWorkingDay(day) && local.toLocalTime().isBefore(settings.sameDayCutoff())) {
            return calendar.endOfWorkingDay(day);
        }
        return calendar.endOfWorkingDay(calendar.nextWorkingDay(day));
    }

    /**
     * The due date moved by time the clock was paused: a supplement request (yêu cầu bổ sung) until the
     * supplement is complete, or a wait for the citizen's financial obligation. Measure the pause with
     * {@link WorkingCalendar#workingMinutesBetween(Instant, Instant) workingMinutesBetween(pauseStart, pauseEnd)}.
     * No pause leaves the due date as it is, even at closing time.
     */
    public Instant shift(Instant dueAt, long pausedWorkingMinutes) {
        Objects.requireNonNull(dueAt, "dueAt");
        if (pausedWorkingMinutes < 0) {
            throw new IllegalArgumentException("paused working minutes must not be negative: " + pausedWorkingMinutes);
        }
        if (pausedWorkingMinutes == 0) {
            return dueAt; // addWorkingMinutes would move a 17:30 due date to the next opening
        }
        return calendar.addWorkingMinutes(dueAt, pausedWorkingMinutes);
    }
}
