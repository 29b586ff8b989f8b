package vn.lienthong.hub.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Shared test helpers: the real calendar, and instants written as local times in Asia/Ho_Chi_Minh. */
final class CalendarFixtures {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");

    /** The data file as shipped, read once: every test checks the real announced schedules. */
    static final WorkingCalendar CALENDAR = WorkingCalendar.loadDefault();

    private CalendarFixtures() {
    }

    /** A local date-time such as "2025-03-05T09:00" in Vietnam. */
    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(VN).toInstant();
    }

    static LocalDate date(String isoDate) {
        return LocalDate.parse(isoDate);
    }
}
