package vn.lienthong.hub.calendar;

import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * The office hours (giờ hành chính) of every working day, e.g. 07:30–11:30 and 13:30–17:30.
 *
 * <p>Their total length is the length of one working day: time limits in working days are converted to
 * minutes with it (8 working hours = 1 working day in the standard calendar).
 *
 * @param ranges non-empty, in ascending order, not overlapping (ranges that touch are allowed)
 */
public record OfficeHours(List<TimeRange> ranges) {

    public OfficeHours {
        Objects.requireNonNull(ranges, "ranges");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("office hours need at least one range");
        }
        for (int i = 1; i < ranges.size(); i++) {
            TimeRange previous = ranges.get(i - 1);
            TimeRange current = ranges.get(i);
            if (current.from().isBefore(previous.to())) {
                throw new IllegalArgumentException("office-hours ranges overlap or are out of order: "
                        + previous.from() + "–" + previous.to() + " and " + current.from() + "–" + current.to());
            }
        }
    }

    /** Minutes of office hours in one working day (480 for 07:30–11:30 + 13:30–17:30). */
    public long totalMinutes() {
        long total = 0;
        for (TimeRange range : ranges) {
            total += range.minutes();
        }
        return total;
    }

    /** When the first range opens. */
    public LocalTime opening() {
        return ranges.get(0).from();
    }

    /** When the last range closes: the end of a working day. */
    public LocalTime closing() {
        return ranges.get(ranges.size() - 1).to();
    }
}
