package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.hub.calendar.CalendarFixtures.CALENDAR;
import static vn.lienthong.hub.calendar.CalendarFixtures.VN;
import static vn.lienthong.hub.calendar.CalendarFixtures.date;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped calendar file against the schedules the government announced (DOMAIN.md, "Working calendar"). */
class WorkingCalendarDataTest {

    @Test
    void settingsAreTheCivilServiceOnes() {
        CalendarSettings settings = CALENDAR.settings();
        assertThat(settings.zone()).isEqualTo(VN);
        assertThat(settings.weekend()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(settings.officeHours().ranges()).containsExactly(
                new TimeRange(LocalTime.of(7, 30), LocalTime.of(11, 30)),
                new TimeRange(LocalTime.of(13, 30), LocalTime.of(17, 30)));
        // 4 h + 4 h: 8 working hours make one working day
        assertThat(settings.officeHours().totalMinutes()).isEqualTo(480);
        assertThat(settings.sameDayCutoff()).isEqualTo(LocalTime.of(15, 0));
    }

    @Test
    void tet2020IsOffFromThursday23ToWednesday29January() {
        assertWorking("2020-01-22", "2020-01-30", List.of(
                "2020-01-22", "2020-01-30"));
    }

    @Test
    void from30April2025ToSunday4MayIsOffAndSaturday26AprilIsWorked() {
        // Sat 26 worked, Sun 27 off, Mon 28 and Tue 29 worked, 30 Apr – 4 May off, Mon 5 May worked
        assertWorking("2025-04-25", "2025-05-05", List.of(
                "2025-04-25", "2025-04-26", "2025-04-28", "2025-04-29", "2025-05-05"));
        assertThat(kindOf("2025-05-02")).isEqualTo(DayKind.SWAP_OFF);
        assertThat(kindOf("2025-04-26")).isEqualTo(DayKind.WORKING);
    }

    @Test
    void newYear2026IsOffFromThursday1ToSunday4JanuaryAndSaturday10IsWorked() {
        assertWorking("2025-12-31", "2026-01-11", List.of(
                "2025-12-31", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10"));
        assertThat(kindOf("2026-01-02")).isEqualTo(DayKind.SWAP_OFF);
    }

    @Test
    void tet2026IsOffFromSaturday14ToSunday22February() {
        assertWorking("2026-02-13", "2026-02-23", List.of("2026-02-13", "2026-02-23"));
    }

    @Test
    void nationalDay2026IsOffFromSaturday29AugustToWednesday2SeptemberAndSaturday22AugustIsWorked() {
        assertWorking("2026-08-21", "2026-09-03", List.of(
                "2026-08-21", "2026-08-22", "2026-08-24", "2026-08-25", "2026-08-26", "2026-08-27", "2026-08-28",
                "2026-09-03"));
        assertThat(kindOf("2026-08-31")).isEqualTo(DayKind.SWAP_OFF);
    }

    @Test
    void vietnamCultureDayFrom2026IsMarkedForVerification() {
        assertThat(CALENDAR.isWorkingDay(date("2026-11-24"))).isFalse();
        assertThat(CALENDAR.days()).filteredOn(d -> d.date().equals(date("2026-11-24")))
                .singleElement().satisfies(d -> assertThat(d.name()).contains("(verify)"));
        assertThat(CALENDAR.days()).noneMatch(d -> d.date().equals(date("2025-11-24")));
    }

    @ParameterizedTest
    @ValueSource(ints = {2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027})
    void everyYearListsTheFixedDateHolidays(int year) {
        List<MonthDay> fixed = List.of(MonthDay.of(1, 1), MonthDay.of(4, 30), MonthDay.of(5, 1), MonthDay.of(9, 2));
        for (MonthDay monthDay : fixed) {
            LocalDate day = monthDay.atYear(year);
            assertThat(kindOf(day.toString())).as("%s", day).isEqualTo(DayKind.HOLIDAY);
        }
        // Labor Code 2019: from 2021 National Day is two days, 2 September and 1 or 3 September
        long nationalDayHolidays = CALENDAR.days().stream()
                .filter(d -> d.kind() == DayKind.HOLIDAY && d.date().getYear() == year)
                .filter(d -> d.date().getMonthValue() == 9 && d.date().getDayOfMonth() <= 3)
                .count();
        assertThat(nationalDayHolidays).isEqualTo(year >= 2021 ? 2 : 1);
    }

    @Test
    void unannouncedYear2027SaysSo() {
        assertThat(CALENDAR.days()).filteredOn(d -> d.date().getYear() == 2027)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.name()).contains("2027 chưa công bố"));
    }

    @Test
    void dataRespectsTheKindRulesAndStaysInsideTheCoveredYears() {
        Set<DayOfWeek> weekend = CALENDAR.settings().weekend();
        assertThat(CALENDAR.days()).allSatisfy(d -> {
            assertThat(d.date().getYear()).isBetween(2016, 2027);
            if (d.kind() == DayKind.WORKING) {
                assertThat(weekend).contains(d.date().getDayOfWeek());
            }
            if (d.kind() == DayKind.SWAP_OFF || d.kind() == DayKind.COMPENSATORY) {
                assertThat(weekend).doesNotContain(d.date().getDayOfWeek());
            }
        });
        // every Saturday worked pays for exactly one weekday swapped off, year after year
        assertThat(CALENDAR.days().stream().filter(d -> d.kind() == DayKind.WORKING).count())
                .isEqualTo(CALENDAR.days().stream().filter(d -> d.kind() == DayKind.SWAP_OFF).count());
    }

    /** Asserts that, between first and last inclusive, exactly the listed dates are working days. */
    private static void assertWorking(String first, String last, List<String> working) {
        List<LocalDate> expected = working.stream().map(LocalDate::parse).toList();
        LocalDate start = date(first);
        List<LocalDate> actual = IntStream.rangeClosed(0, (int) (date(last).toEpochDay() - start.toEpochDay()))
                .mapToObj(start::plusDays)
                .filter(CALENDAR::isWorkingDay)
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static DayKind kindOf(String isoDate) {
        return CALENDAR.days().stream().filter(d -> d.date().equals(date(isoDate)))
                .map(CalendarDay::kind).findFirst().orElse(null);
    }
}
