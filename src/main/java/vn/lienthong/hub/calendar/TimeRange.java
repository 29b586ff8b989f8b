package vn.lienthong.hub.calendar;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A half-open range [from, to) of local time within one day, e.g. the morning office hours 07:30–11:30.
 *
 * <p>Half-open so that an instant exactly at {@code to} is outside: a dossier handed in at 11:30 is received
 * after the counter closed for lunch. Boundaries are whole minutes because working time is counted in minutes.
 *
 * @param from first instant inside the range
 * @param to   first instant after the range; must be after {@code from} (no range crosses midnight)
 */
public record TimeRange(LocalTime from, LocalTime to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("invalid office-hours range " + from + "–" + to
                    + ": 'from' must be before 'to' (a range cannot be empty or cross midnight)");
        }
        if (from.getSecond() != 0 || from.getNano() != 0 || to.getSecond() != 0 || to.getNano() != 0) {
            throw new IllegalArgumentException("invalid office-hours range " + from + "–" + to
                    + ": boundaries must be whole minutes");
        }
    }

    /** Length of the range in minutes. */
    public long minutes() {
        return (to.toSecondOfDay() - from.toSecondOfDay()) / 60;
    }
}
