package vn.lienthong.hub.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The regular rules of the working calendar, before the listed deviations are applied.
 *
 * @param zone          the zone every local date and time is read in (Asia/Ho_Chi_Minh)
 * @param weekend       the days of the week that are not worked unless listed as {@link DayKind#WORKING}
 * @param officeHours   the office hours of a working day
 * @param sameDayCutoff a same-day ("trong ngày") dossier received before this time is due the same day; at or
 *                      after it, the next working day. It must not be after the close of the office hours,
 *                      otherwise a dossier received after closing would be due in the past.
 */
public record CalendarSettings(ZoneId zone, Set<DayOfWeek> weekend, OfficeHours officeHours,
                               LocalTime sameDayCutoff) {

    public CalendarSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(weekend, "weekend");
        Objects.requireNonNull(officeHours, "officeHours");
        Objects.requireNonNull(sameDayCutoff, "sameDayCutoff");
        weekend = Set.copyOf(weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend));
        if (weekend.size() == 7) {
            // Without a regular working day the search for the next working day would never end.
            throw new IllegalArgumentException("the weekend cannot be the whole week");
        }
        if (sameDayCutoff.isAfter(officeHours.closing())) {
            throw new IllegalArgumentException("the same-day cut-off " + sameDayCutoff
                    + " is after the close of office hours " + officeHours.closing());
        }
    }
}
