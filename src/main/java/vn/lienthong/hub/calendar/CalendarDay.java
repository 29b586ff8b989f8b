package vn.lienthong.hub.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One deviation of the working calendar (lịch làm việc): a date, what kind of deviation it is and why.
 *
 * <p>The name is mandatory because an officer who sees a due date jump over a weekday must be able to tell
 * which announcement caused it.
 *
 * @param date the local date in the calendar's zone
 * @param kind what the deviation is
 * @param name the reason, as announced (e.g. "Làm bù cho thứ Sáu 02/05/2025")
 */
public record CalendarDay(LocalDate date, DayKind kind, String name) {

    public CalendarDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("calendar day " + date + " (" + kind + ") needs a name saying why");
        }
    }
}
