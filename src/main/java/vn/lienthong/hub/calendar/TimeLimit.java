package vn.lienthong.hub.calendar;

import java.util.Objects;

/**
 * A procedure's statutory time limit (thời hạn giải quyết), e.g. 3 working days or 4 working hours.
 *
 * <p>{@code TimeLimit(0, WORKING_DAY)} is a same-day procedure ("trong ngày"): it is not a zero-length limit but
 * the cut-off rule of {@link DueDateCalculator}. Zero working hours has no meaning and is refused.
 *
 * @param value how many units; not negative
 * @param unit  the unit
 */
public record TimeLimit(int value, LimitUnit unit) {

    public TimeLimit {
        Objects.requireNonNull(unit, "unit");
        if (value < 0) {
            throw new IllegalArgumentException("a time limit cannot be negative: " + value + " " + unit);
        }
        if (value == 0 && unit == LimitUnit.WORKING_HOUR) {
            throw new IllegalArgumentException("a time limit of 0 working hours has no meaning; "
                    + "a same-day procedure is 0 WORKING_DAY");
        }
    }

    /** The same-day limit ("trong ngày"). */
    public static TimeLimit sameDay() {
        return new TimeLimit(0, LimitUnit.WORKING_DAY);
    }

    public static TimeLimit workingDays(int days) {
        return new TimeLimit(days, LimitUnit.WORKING_DAY);
    }

    public static TimeLimit workingHours(int hours) {
        return new TimeLimit(hours, LimitUnit.WORKING_HOUR);
    }

    /** Whether this is the same-day limit, which follows the cut-off rule instead of counting minutes. */
    public boolean isSameDay() {
        return value == 0;
    }

    /**
     * The limit in working minutes: a working day is the office-hours minutes of one day (480 for 8 hours),
     * a working hour is 60 minutes. 0 for the same-day limit.
     */
    public long workingMinutes(OfficeHours officeHours) {
        Objects.requireNonNull(officeHours, "officeHours");
        return switch (unit) {
            case WORKING_DAY -> value * officeHours.totalMinutes();
            case WORKING_HOUR -> value * 60L;
        };
    }
}
