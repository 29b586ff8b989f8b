package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.hub.calendar.CalendarFixtures.CALENDAR;
import static vn.lienthong.hub.calendar.CalendarFixtures.at;
import static vn.lienthong.hub.calendar.CalendarFixtures.date;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Working-time arithmetic on the real calendar. Office hours 07:30–11:30 and 13:30–17:30: a working day is
 * 480 minutes, a morning 240, an afternoon 240.
 */
class WorkingCalendarTest {

    @Test
    void nextWorkingDayJumpsOverAnnouncedBreaks() {
        assertThat(CALENDAR.nextWorkingDay(date("2025-03-05"))).isEqualTo(date("2025-03-06")); // Wed -> Thu
        assertThat(CALENDAR.nextWorkingDay(date("2025-03-07"))).isEqualTo(date("2025-03-10")); // Fri -> Mon
        // Tết 2020 off Thu 23 – Wed 29 Jan
        assertThat(CALENDAR.nextWorkingDay(date("2020-01-22"))).isEqualTo(date("2020-01-30"));
        // Sat 26 Apr 2025 is worked in exchange for Fri 2 May
        assertThat(CALENDAR.nextWorkingDay(date("2025-04-25"))).isEqualTo(date("2025-04-26"));
        // 30 Apr, 1 May holidays, 2 May swapped, 3–4 May weekend
        assertThat(CALENDAR.nextWorkingDay(date("2025-04-29"))).isEqualTo(date("2025-05-05"));
        // Tết 2026 off Sat 14 – Sun 22 Feb
        assertThat(CALENDAR.nextWorkingDay(date("2026-02-13"))).isEqualTo(date("2026-02-23"));
        // 1 Jan 2026 holiday, Fri 2 Jan swapped, 3–4 Jan weekend
        assertThat(CALENDAR.nextWorkingDay(date("2025-12-31"))).isEqualTo(date("2026-01-05"));
        // National Day 2026 off Sat 29 Aug – Wed 2 Sep
        assertThat(CALENDAR.nextWorkingDay(date("2026-08-28"))).isEqualTo(date("2026-09-03"));
        // a day off itself: the next working day after Sunday 22 Feb 2026 is Monday 23
        assertThat(CALENDAR.nextWorkingDay(date("2026-02-22"))).isEqualTo(date("2026-02-23"));
    }

    @Test
    void nextWorkingInstantKeepsAnInstantInsideOfficeHours() {
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T07:30"))).isEqualTo(at("2025-03-05T07:30"));
        Instant precise = at("2025-03-05T10:15:42.123456789");
        assertThat(CALENDAR.nextWorkingInstant(precise)).isEqualTo(precise);
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T17:29:59"))).isEqualTo(at("2025-03-05T17:29:59"));
    }

    @Test
    void nextWorkingInstantMovesToTheNextOpening() {
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T06:00"))).isEqualTo(at("2025-03-05T07:30"));
        // the end of a range is outside it: 11:30 is lunch, 17:30 is closed
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T11:30"))).isEqualTo(at("2025-03-05T13:30"));
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T12:00"))).isEqualTo(at("2025-03-05T13:30"));
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-05T17:30"))).isEqualTo(at("2025-03-06T07:30"));
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-07T17:30"))).isEqualTo(at("2025-03-10T07:30"));
        assertThat(CALENDAR.nextWorkingInstant(at("2025-03-08T10:00"))).isEqualTo(at("2025-03-10T07:30"));
        // the evening before Tết 2020: next opening after the break
        assertThat(CALENDAR.nextWorkingInstant(at("2020-01-22T17:45"))).isEqualTo(at("2020-01-30T07:30"));
    }

    @Test
    void addingZeroMinutesGivesTheNormalizedStart() {
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T09:00"), 0)).isEqualTo(at("2025-03-05T09:00"));
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T11:30"), 0)).isEqualTo(at("2025-03-05T13:30"));
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T17:30"), 0)).isEqualTo(at("2025-03-06T07:30"));
    }

    @Test
    void minutesEndingAtTheEndOfARangeStopThere() {
        // 07:30 + 240 = the whole morning: 11:30, not 13:30
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T07:30"), 240)).isEqualTo(at("2025-03-05T11:30"));
        // one more minute goes past lunch: 13:31
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T07:30"), 241)).isEqualTo(at("2025-03-05T13:31"));
        // 07:30 + 480 = the whole day: 17:30 the same day, not 07:30 the next
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T07:30"), 480)).isEqualTo(at("2025-03-05T17:30"));
        // the last day before Tết 2020: the whole of Wed 22 Jan ends at 17:30 that day, not after the break
        assertThat(CALENDAR.addWorkingMinutes(at("2020-01-22T07:30"), 480)).isEqualTo(at("2020-01-22T17:30"));
        // 13:30 Wed + 480 = Wed afternoon (240) + Thu morning (240): Thu 11:30
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T13:30"), 480)).isEqualTo(at("2025-03-06T11:30"));
    }

    @Test
    void addingKeepsSecondsOfTheStart() {
        // 09:00:30 + 60 minutes, all inside the morning
        assertThat(CALENDAR.addWorkingMinutes(at("2025-03-05T09:00:30"), 60)).isEqualTo(at("2025-03-05T10:00:30"));
    }

    @Test
    void addingAWholeYearOfWorkingDaysIsExact() {
        // 2025 has 251 working days (worked out in workingMinutesBetweenSpansYears); from the first opening of
        // 2025 (Thu 2 Jan 07:30, 1 Jan is a holiday) 251 days of minutes end at the close of the last working
        // day of 2025, Wed 31 Dec 17:30.
        assertThat(CALENDAR.addWorkingMinutes(at("2025-01-01T00:00"), 251L * 480))
                .isEqualTo(at("2025-12-31T17:30"));
    }

    @Test
    void negativeOrHugeMinutesAreRefused() {
        assertThatThrownBy(() -> CALENDAR.addWorkingMinutes(at("2025-03-05T09:00"), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> CALENDAR.addWorkingMinutes(at("2025-03-05T09:00"), Long.MAX_VALUE / 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workingMinutesBetweenCountsOnlyOfficeHoursOfWorkingDays() {
        // 11:00–11:30 (30) + lunch (0) + 13:30–14:00 (30)
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-05T11:00"), at("2025-03-05T14:00"))).isEqualTo(60);
        // Fri 16:00–17:30 (90) + weekend (0) + Mon 07:30–08:00 (30)
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-07T16:00"), at("2025-03-10T08:00"))).isEqualTo(120);
        // within lunch, within a Sunday
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-05T11:40"), at("2025-03-05T13:20"))).isZero();
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-09T08:00"), at("2025-03-09T17:00"))).isZero();
        // b <= a
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-05T10:00"), at("2025-03-05T10:00"))).isZero();
        assertThat(CALENDAR.workingMinutesBetween(at("2025-03-05T11:00"), at("2025-03-05T10:00"))).isZero();
    }

    @Test
    void workingMinutesBetweenAcrossHolidays() {
        // Wed 22 Jan 2020 10:00 -> Mon 3 Feb 10:00: Wed 10:00–17:30 = 90 + 240 = 330; Tết 23–29 Jan = 0;
        // Thu 30 = 480; Fri 31 = 480; weekend = 0; Mon 07:30–10:00 = 240 - 90 = 150. 330+480+480+150 = 1440.
        assertThat(CALENDAR.workingMinutesBetween(at("2020-01-22T10:00"), at("2020-02-03T10:00"))).isEqualTo(1440);
        // Tue 29 Apr 2025 10:00 -> Mon 5 May 10:00: Tue 330; 30 Apr – 4 May = 0; Mon 150 -> 480
        assertThat(CALENDAR.workingMinutesBetween(at("2025-04-29T10:00"), at("2025-05-05T10:00"))).isEqualTo(480);
        // the whole of Tết 2026 (Sat 14 – Sun 22 Feb) counts nothing
        assertThat(CALENDAR.workingMinutesBetween(at("2026-02-13T17:30"), at("2026-02-23T07:30"))).isZero();
        // a worked Saturday counts: Sat 10 Jan 2026 is a full day
        assertThat(CALENDAR.workingMinutesBetween(at("2026-01-10T00:00"), at("2026-01-11T00:00"))).isEqualTo(480);
    }

    @Test
    void workingMinutesBetweenSpansYears() {
        // 2020: 366 days from a Wednesday = 52 weeks + Wed, Thu -> 262 weekdays. Off weekdays: 1 Jan; Tết 23, 24,
        // 27, 28, 29 Jan; Hùng Kings Thu 2 Apr; 30 Apr, 1 May; 2 Sep -> 10. No Saturday worked. 252 days.
        assertThat(CALENDAR.workingMinutesBetween(at("2020-01-01T00:00"), at("2021-01-01T00:00")))
                .isEqualTo(252L * 480);
        // 2024: 366 days from a Monday = 52 weeks + Mon, Tue -> 262 weekdays. Off: 1 Jan; Tết 8, 9, 12, 13, 14
        // Feb; 18 Apr; 29 Apr (swap), 30 Apr, 1 May; 2, 3 Sep -> 12. Worked Sat 4 May. 262 - 12 + 1 = 251.
        // 2025: 365 days from a Wednesday = 52 weeks + Wed -> 261 weekdays. Off: 1 Jan; 27 (swap) – 31 Jan;
        // 7 Apr; 30 Apr, 1 May, 2 May (swap); 1, 2 Sep -> 12. Worked Sat 8 Feb, Sat 26 Apr. 261 - 12 + 2 = 251.
        assertThat(CALENDAR.workingMinutesBetween(at("2025-01-01T00:00"), at("2026-01-01T00:00")))
                .isEqualTo(251L * 480);
        assertThat(CALENDAR.workingMinutesBetween(at("2024-01-01T00:00"), at("2026-01-01T00:00")))
                .isEqualTo(502L * 480);
        // 2030 is beyond the data: plain weekdays. 365 days from a Tuesday = 52 weeks + Tue -> 261 days.
        assertThat(CALENDAR.workingMinutesBetween(at("2030-01-01T00:00"), at("2031-01-01T00:00")))
                .isEqualTo(261L * 480);
    }

    @Test
    void endOfWorkingDayIsTheCloseOfTheAfternoon() {
        // 17:30 in Vietnam (UTC+7) is 10:30 UTC
        assertThat(CALENDAR.endOfWorkingDay(date("2025-03-05"))).isEqualTo(Instant.parse("2025-03-05T10:30:00Z"));
    }

    /**
     * The arithmetic (whole days skipped by counting) against the obvious minute-by-minute walk, on random
     * minute-aligned starts across the data years. The walk is independent of the implementation: it only uses
     * the listed days and the weekend.
     */
    @Test
    void arithmeticAgreesWithAMinuteByMinuteWalk() {
        Random random = new Random(20250430L);
        Instant first = at("2019-12-01T00:00");
        for (int i = 0; i < 400; i++) {
            Instant from = first.plus(random.nextInt(8 * 365 * 1440), ChronoUnit.MINUTES);
            long minutes = random.nextInt(5 * 480);
            assertThat(CALENDAR.addWorkingMinutes(from, minutes)).as("%s + %d", from, minutes)
                    .isEqualTo(walkAdd(from, minutes));
            Instant to = from.plus(random.nextInt(20 * 1440), ChronoUnit.MINUTES);
            assertThat(CALENDAR.workingMinutesBetween(from, to)).as("%s .. %s", from, to)
                    .isEqualTo(walkBetween(from, to));
        }
    }

    private static final Map<LocalDate, DayKind> LISTED = CALENDAR.days().stream()
            .collect(Collectors.toMap(CalendarDay::date, CalendarDay::kind));

    private static boolean isWorkingMinute(Instant minuteStart) {
        var local = minuteStart.atZone(CalendarFixtures.VN).toLocalDateTime();
        DayKind listed = LISTED.get(local.toLocalDate());
        boolean workingDay = listed != null
                ? listed == DayKind.WORKING
                : !CALENDAR.settings().weekend().contains(local.getDayOfWeek());
        var time = local.toLocalTime();
        boolean inHours = CALENDAR.settings().officeHours().ranges().stream()
                .anyMatch(r -> !time.isBefore(r.from()) && time.isBefore(r.to()));
        return workingDay && inHours;
    }

    private static Instant walkAdd(Instant from, long minutes) {
        Instant t = from;
        while (!isWorkingMinute(t)) {
            t = t.plus(1, ChronoUnit.MINUTES);
        }
        long left = minutes;
        while (left > 0) {
            if (isWorkingMinute(t)) {
                left--;
            }
            t = t.plus(1, ChronoUnit.MINUTES);
        }
        return t;
    }

    private static long walkBetween(Instant a, Instant b) {
        long count = 0;
        for (Instant t = a; t.isBefore(b); t = t.plus(1, ChronoUnit.MINUTES)) {
            if (isWorkingMinute(t)) {
                count++;
            }
        }
        return count;
    }
}
