package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.hub.calendar.CalendarFixtures.CALENDAR;
import static vn.lienthong.hub.calendar.CalendarFixtures.at;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Due dates on the real calendar. Office hours 07:30–11:30, 13:30–17:30 (480 minutes a day); March 2025 has no
 * holiday, so Mon 3 – Fri 7 and Mon 10 – Fri 14 March 2025 are plain working weeks.
 */
class DueDateCalculatorTest {

    private final DueDateCalculator calculator = new DueDateCalculator(CALENDAR);

    @Test
    void workingDaysAreCountedFromTheMomentOfReceipt() {
        // Mon 09:00 + 3 working days: Tue, Wed, Thu -> Thu 09:00
        assertThat(calculator.dueAt(at("2025-03-03T09:00"), TimeLimit.workingDays(3))).isEqualTo(at("2025-03-06T09:00"));
        // Fri 09:00 + 1 day: the weekend does not count -> Mon 09:00
        assertThat(calculator.dueAt(at("2025-03-07T09:00"), TimeLimit.workingDays(1))).isEqualTo(at("2025-03-10T09:00"));
    }

    @Test
    void receivedOutsideOfficeHoursCountsFromTheNextOpening() {
        // Sat 8 Mar 10:00 -> clock starts Mon 10 Mar 07:30; + 480 = the whole Monday -> Mon 17:30
        assertThat(calculator.dueAt(at("2025-03-08T10:00"), TimeLimit.workingDays(1))).isEqualTo(at("2025-03-10T17:30"));
        // Mon 3 Mar 18:00 -> clock starts Tue 07:30 -> Tue 17:30
        assertThat(calculator.dueAt(at("2025-03-03T18:00"), TimeLimit.workingDays(1))).isEqualTo(at("2025-03-04T17:30"));
        // at lunch, 12:00 -> clock starts 13:30; + 1 day = Wed afternoon 240 + Thu morning 240 -> Thu 11:30
        assertThat(calculator.dueAt(at("2025-03-05T12:00"), TimeLimit.workingDays(1))).isEqualTo(at("2025-03-06T11:30"));
    }

    @Test
    void tet2020() {
        // Received Wed 22 Jan 2020 10:00, 3 working days = 1440 minutes.
        // Wed 10:00–11:30 = 90, 13:30–17:30 = 240 -> 330, 1110 left. Thu 23 – Wed 29 Jan: Tết, off.
        // Thu 30 Jan: 480 -> 630 left. Fri 31 Jan: 480 -> 150 left. Sat 1, Sun 2 Feb: weekend.
        // Mon 3 Feb: 07:30 + 150 = 10:00.
        assertThat(calculator.dueAt(at("2020-01-22T10:00"), TimeLimit.workingDays(3))).isEqualTo(at("2020-02-03T10:00"));
    }

    @Test
    void thirtiethOfApril2025() {
        // Received Fri 25 Apr 2025 14:00, 2 days = 960. Fri 14:00–17:30 = 210 -> 750 left.
        // Sat 26 Apr is worked (for Fri 2 May): 480 -> 270 left. Sun 27 off. Mon 28: 07:30 + 240 = 11:30,
        // 30 left -> 13:30 + 30 = 14:00.
        assertThat(calculator.dueAt(at("2025-04-25T14:00"), TimeLimit.workingDays(2))).isEqualTo(at("2025-04-28T14:00"));
        // Received Tue 29 Apr 09:00, 1 day. Tue 09:00–11:30 = 150, 13:30–17:30 = 240 -> 390, 90 left.
        // 30 Apr, 1 May holidays, Fri 2 May swapped off, 3–4 May weekend. Mon 5 May 07:30 + 90 = 09:00.
        assertThat(calculator.dueAt(at("2025-04-29T09:00"), TimeLimit.workingDays(1))).isEqualTo(at("2025-05-05T09:00"));
    }

    @Test
    void tet2026() {
        // Received Fri 13 Feb 2026 15:00, 1 day = 480. Fri 15:00–17:30 = 150 -> 330 left. Sat 14 – Sun 22 Feb
        // off. Mon 23 Feb: morning 240 -> 90 left -> 13:30 + 90 = 15:00.
        assertThat(calculator.dueAt(at("2026-02-13T15:00"), TimeLimit.workingDays(1))).isEqualTo(at("2026-02-23T15:00"));
    }

    @Test
    void newYear2026SwapWithSaturday10January() {
        // Received Wed 31 Dec 2025 10:00, 1 day. Wed 10:00–17:30 = 330 -> 150 left. Thu 1 Jan holiday, Fri 2 Jan
        // swapped off, 3–4 Jan weekend. Mon 5 Jan 07:30 + 150 = 10:00.
        assertThat(calculator.dueAt(at("2025-12-31T10:00"), TimeLimit.workingDays(1))).isEqualTo(at("2026-01-05T10:00"));
        // Received Fri 9 Jan 2026 16:30, 1 day. Fri 16:30–17:30 = 60 -> 420 left. Sat 10 Jan is worked:
        // morning 240 -> 180 left -> 13:30 + 180 = 16:30 on the Saturday.
        assertThat(calculator.dueAt(at("2026-01-09T16:30"), TimeLimit.workingDays(1))).isEqualTo(at("2026-01-10T16:30"));
    }

    @Test
    void nationalDay2026() {
        // Received Thu 27 Aug 2026 11:00, 2 days = 960. Thu 11:00–11:30 = 30 + 240 = 270 -> 690 left.
        // Fri 28: 480 -> 210 left. Sat 29 Aug – Wed 2 Sep off (Mon 31 Aug swapped). Thu 3 Sep 07:30 + 210 = 11:00.
        assertThat(calculator.dueAt(at("2026-08-27T11:00"), TimeLimit.workingDays(2))).isEqualTo(at("2026-09-03T11:00"));
        // Received Fri 21 Aug 2026 16:00, 1 day. Fri 16:00–17:30 = 90 -> 390 left. Sat 22 Aug is worked:
        // morning 240 -> 150 left -> 13:30 + 150 = 16:00 on the Saturday.
        assertThat(calculator.dueAt(at("2026-08-21T16:00"), TimeLimit.workingDays(1))).isEqualTo(at("2026-08-22T16:00"));
    }

    @Test
    void sameDayProcedureFollowsThe15hCutoff() {
        TimeLimit sameDay = TimeLimit.sameDay();
        // Wed 5 Mar 2025 is a working day
        assertThat(calculator.dueAt(at("2025-03-05T14:59"), sameDay)).isEqualTo(at("2025-03-05T17:30"));
        assertThat(calculator.dueAt(at("2025-03-05T14:59:59"), sameDay)).isEqualTo(at("2025-03-05T17:30"));
        assertThat(calculator.dueAt(at("2025-03-05T15:00"), sameDay)).isEqualTo(at("2025-03-06T17:30"));
        assertThat(calculator.dueAt(at("2025-03-05T18:00"), sameDay)).isEqualTo(at("2025-03-06T17:30"));
        // before opening and at lunch are before the cut-off: the same day
        assertThat(calculator.dueAt(at("2025-03-05T06:45"), sameDay)).isEqualTo(at("2025-03-05T17:30"));
        assertThat(calculator.dueAt(at("2025-03-05T12:15"), sameDay)).isEqualTo(at("2025-03-05T17:30"));
        // Sat 8 Mar 10:00: a day off -> end of the next working day, Mon 10 Mar
        assertThat(calculator.dueAt(at("2025-03-08T10:00"), sameDay)).isEqualTo(at("2025-03-10T17:30"));
        // Sat 26 Apr 2025 is worked: the same day
        assertThat(calculator.dueAt(at("2025-04-26T10:00"), sameDay)).isEqualTo(at("2025-04-26T17:30"));
        // Fri 13 Feb 2026 15:30, after the cut-off, before Tết: next working day Mon 23 Feb
        assertThat(calculator.dueAt(at("2026-02-13T15:30"), sameDay)).isEqualTo(at("2026-02-23T17:30"));
    }

    @Test
    void workingHourLimits() {
        // 4 h from Wed 10:00: 10:00–11:30 = 90, lunch, 150 left -> 13:30 + 150 = 16:00
        assertThat(calculator.dueAt(at("2025-03-05T10:00"), TimeLimit.workingHours(4))).isEqualTo(at("2025-03-05T16:00"));
        // 2 h from 09:30 ends exactly at the end of the morning: 11:30, not 13:30
        assertThat(calculator.dueAt(at("2025-03-05T09:30"), TimeLimit.workingHours(2))).isEqualTo(at("2025-03-05T11:30"));
        // 2 h from 15:30 ends exactly at closing: 17:30 the same day
        assertThat(calculator.dueAt(at("2025-03-05T15:30"), TimeLimit.workingHours(2))).isEqualTo(at("2025-03-05T17:30"));
        // received at 11:30 (outside): 13:30 + 60 = 14:30
        assertThat(calculator.dueAt(at("2025-03-05T11:30"), TimeLimit.workingHours(1))).isEqualTo(at("2025-03-05T14:30"));
        // 4 h from Wed 16:30: 60 on Wed, 180 left -> Thu 07:30 + 180 = 10:30
        assertThat(calculator.dueAt(at("2025-03-05T16:30"), TimeLimit.workingHours(4))).isEqualTo(at("2025-03-06T10:30"));
        // 8 working hours are one working day
        assertThat(calculator.dueAt(at("2025-03-05T10:00"), TimeLimit.workingHours(8)))
                .isEqualTo(calculator.dueAt(at("2025-03-05T10:00"), TimeLimit.workingDays(1)));
    }

    @Test
    void aPauseOfTwoWorkingDaysMovesTheDueDate() {
        // Received Mon 3 Mar 2025 09:00 with 3 days -> due Thu 6 Mar 09:00.
        Instant due = calculator.dueAt(at("2025-03-03T09:00"), TimeLimit.workingDays(3));
        assertThat(due).isEqualTo(at("2025-03-06T09:00"));
        // Supplement requested Tue 4 Mar 10:00, completed Thu 6 Mar 10:00:
        // Tue 10:00–17:30 = 330, Wed = 480, Thu 07:30–10:00 = 150 -> 960 = 2 working days.
        long paused = CALENDAR.workingMinutesBetween(at("2025-03-04T10:00"), at("2025-03-06T10:00"));
        assertThat(paused).isEqualTo(960);
        // Thu 09:00 + 2 working days: Fri 7, (weekend), Mon 10 -> Mon 10 Mar 09:00
        assertThat(calculator.shift(due, paused)).isEqualTo(at("2025-03-10T09:00"));
    }

    @Test
    void aPauseOverAHolidayMovesTheDueDateByWorkingTimeOnly() {
        // Due Tue 29 Apr 2025 10:00, paused one working day (480): 30 Apr – 4 May are off -> Mon 5 May 10:00
        assertThat(calculator.shift(at("2025-04-29T10:00"), 480)).isEqualTo(at("2025-05-05T10:00"));
    }

    @Test
    void noPauseLeavesAClosingTimeDueDateAlone() {
        assertThat(calculator.shift(at("2025-03-05T17:30"), 0)).isEqualTo(at("2025-03-05T17:30"));
        // Wed 17:30 + 1 day: the whole of Thu -> Thu 17:30
        assertThat(calculator.shift(at("2025-03-05T17:30"), 480)).isEqualTo(at("2025-03-06T17:30"));
        assertThatThrownBy(() -> calculator.shift(at("2025-03-05T17:30"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeLimitsInMinutes() {
        OfficeHours hours = CALENDAR.settings().officeHours();
        assertThat(TimeLimit.workingDays(3).workingMinutes(hours)).isEqualTo(3 * 480);
        assertThat(TimeLimit.workingHours(4).workingMinutes(hours)).isEqualTo(240);
        assertThat(TimeLimit.sameDay().workingMinutes(hours)).isZero();
        assertThat(new TimeLimit(0, LimitUnit.WORKING_DAY).isSameDay()).isTrue();
        assertThatThrownBy(() -> new TimeLimit(-1, LimitUnit.WORKING_DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeLimit(0, LimitUnit.WORKING_HOUR)).isInstanceOf(IllegalArgumentException.class);
    }
}
