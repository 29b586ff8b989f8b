package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.hub.calendar.CalendarFixtures.CALENDAR;
import static vn.lienthong.hub.calendar.CalendarFixtures.at;
import static vn.lienthong.hub.calendar.CalendarFixtures.date;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Reading the calendar file, its validation, and amendments. */
class WorkingCalendarLoadTest {

    private static final String HOURS = "[{\"from\":\"07:30\",\"to\":\"11:30\"},{\"from\":\"13:30\",\"to\":\"17:30\"}]";

    private static String document(String officeHours, String days) {
        return """
                {"zone": "Asia/Ho_Chi_Minh", "weekend": ["SATURDAY", "SUNDAY"],
                 "officeHours": %s, "sameDayCutoff": "15:00", "days": [%s]}""".formatted(officeHours, days);
    }

    private static WorkingCalendar load(String json) {
        return WorkingCalendar.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String json) {
        return assertThatThrownBy(() -> load(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadsAValidDocument() {
        WorkingCalendar calendar = load(document(HOURS,
                "{\"date\":\"2025-04-26\",\"kind\":\"WORKING\",\"name\":\"Làm bù cho thứ Sáu 02/05/2025\"},"
                        + "{\"date\":\"2025-05-02\",\"kind\":\"SWAP_OFF\",\"name\":\"Nghỉ hoán đổi\"}"));
        assertThat(calendar.days()).extracting(CalendarDay::date).containsExactly(date("2025-04-26"), date("2025-05-02"));
        assertThat(calendar.isWorkingDay(date("2025-04-26"))).isTrue();
        assertThat(calendar.isWorkingDay(date("2025-05-02"))).isFalse();
    }

    @Test
    void refusesAnUnknownKind() {
        assertRefused(document(HOURS, "{\"date\":\"2025-04-26\",\"kind\":\"WORKDAY\",\"name\":\"x\"}"))
                .hasMessageContaining("days[0] (2025-04-26)")
                .hasMessageContaining("unknown kind 'WORKDAY'")
                .hasMessageContaining("HOLIDAY, COMPENSATORY, SWAP_OFF, WORKING");
    }

    @Test
    void refusesOverlappingOfficeHours() {
        assertRefused(document("[{\"from\":\"07:30\",\"to\":\"11:30\"},{\"from\":\"11:00\",\"to\":\"17:30\"}]", ""))
                .hasMessageContaining("officeHours")
                .hasMessageContaining("overlap");
    }

    @Test
    void refusesInvalidOfficeHours() {
        assertRefused(document("[{\"from\":\"11:30\",\"to\":\"07:30\"}]", ""))
                .hasMessageContaining("officeHours[0]")
                .hasMessageContaining("'from' must be before 'to'");
        assertRefused(document("[{\"from\":\"7h30\",\"to\":\"11:30\"}]", ""))
                .hasMessageContaining("officeHours[0].from")
                .hasMessageContaining("invalid time '7h30'");
        assertRefused(document("[]", "")).hasMessageContaining("at least one range");
    }

    @Test
    void refusesDuplicateDates() {
        assertRefused(document(HOURS, "{\"date\":\"2025-04-30\",\"kind\":\"HOLIDAY\",\"name\":\"Ngày Chiến thắng\"},"
                + "{\"date\":\"2025-04-30\",\"kind\":\"HOLIDAY\",\"name\":\"again\"}"))
                .hasMessageContaining("duplicate date 2025-04-30");
    }

    @Test
    void refusesMalformedEntries() {
        assertRefused(document(HOURS, "{\"date\":\"2025-02-30\",\"kind\":\"HOLIDAY\",\"name\":\"x\"}"))
                .hasMessageContaining("days[0] (2025-02-30)").hasMessageContaining("invalid date");
        assertRefused(document(HOURS, "{\"date\":\"2025-04-30\",\"kind\":\"HOLIDAY\"}"))
                .hasMessageContaining("missing 'name'");
        assertRefused(document(HOURS, "{\"date\":\"2025-04-30\",\"kind\":\"HOLIDAY\",\"name\":\"x\",\"note\":\"y\"}"))
                .hasMessageContaining("unknown field 'note'");
        assertRefused(document(HOURS, "{\"date\":\"2025-04-30\",\"kind\":\"HOLIDAY\",\"name\":\" \"}"))
                .hasMessageContaining("needs a name");
    }

    @Test
    void refusesKindsThatDoNotFitTheirDay() {
        // Sat 26 Apr 2025 is already a day off: nothing to compensate on it
        assertRefused(document(HOURS, "{\"date\":\"2025-04-26\",\"kind\":\"COMPENSATORY\",\"name\":\"x\"}"))
                .hasMessageContaining("weekend day");
        // Fri 25 Apr 2025 is already worked
        assertRefused(document(HOURS, "{\"date\":\"2025-04-25\",\"kind\":\"WORKING\",\"name\":\"x\"}"))
                .hasMessageContaining("already a working day");
    }

    @Test
    void refusesBrokenSettings() {
        assertRefused("{\"zone\":\"Asia/Hanoi_Typo\",\"weekend\":[],\"officeHours\":" + HOURS
                + ",\"sameDayCutoff\":\"15:00\",\"days\":[]}").hasMessageContaining("unknown time zone");
        assertRefused(document(HOURS, "").replace("\"15:00\"", "\"18:00\""))
                .hasMessageContaining("cut-off");
        assertRefused(document(HOURS, "").replace("[\"SATURDAY\", \"SUNDAY\"]",
                "[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"]"))
                .hasMessageContaining("whole week");
        assertRefused(document(HOURS, "").replace("\"SUNDAY\"", "\"SUNDAE\""))
                .hasMessageContaining("weekend[1]").hasMessageContaining("SUNDAE");
        assertRefused(document(HOURS, "").replace("officeHours", "officeHour"))
                .hasMessageContaining("unknown field 'officeHour'");
        assertRefused(document(HOURS, "").replace("\"days\": []", ""))
                .hasMessageContaining("not valid JSON");
        assertRefused("{\"zone\":\"Asia/Ho_Chi_Minh\",\"zone\":\"UTC\"}").hasMessageContaining("not valid JSON");
        assertRefused("[]").hasMessageContaining("JSON object");
    }

    @Test
    void aDeclaredDayOffMovesTheDueDate() {
        DueDateCalculator before = new DueDateCalculator(CALENDAR);
        // Mon 3 Mar 2025 09:00 + 3 days: Tue, Wed, Thu -> Thu 6 Mar 09:00
        assertThat(before.dueAt(at("2025-03-03T09:00"), TimeLimit.workingDays(3))).isEqualTo(at("2025-03-06T09:00"));

        WorkingCalendar amended = CALENDAR.withDays(List.of(
                new CalendarDay(date("2025-03-06"), DayKind.HOLIDAY, "Ngày nghỉ do tỉnh công bố")));
        // Thu 6 Mar is now off: Tue, Wed, Fri -> Fri 7 Mar 09:00
        assertThat(new DueDateCalculator(amended).dueAt(at("2025-03-03T09:00"), TimeLimit.workingDays(3)))
                .isEqualTo(at("2025-03-07T09:00"));
        // the original calendar is unchanged
        assertThat(CALENDAR.isWorkingDay(date("2025-03-06"))).isTrue();
        assertThat(amended.days()).hasSize(CALENDAR.days().size() + 1);
    }

    @Test
    void anAmendmentReplacesTheEntryOfTheSameDate() {
        WorkingCalendar amended = CALENDAR.withDays(List.of(
                new CalendarDay(date("2025-04-30"), DayKind.HOLIDAY, "Kỷ niệm 50 năm Ngày Chiến thắng")));
        assertThat(amended.days()).hasSameSizeAs(CALENDAR.days());
        assertThat(amended.days()).filteredOn(d -> d.date().equals(date("2025-04-30")))
                .singleElement().extracting(CalendarDay::name).isEqualTo("Kỷ niệm 50 năm Ngày Chiến thắng");
        assertThatThrownBy(() -> CALENDAR.withDays(List.of(
                new CalendarDay(date("2025-03-06"), DayKind.HOLIDAY, "a"),
                new CalendarDay(date("2025-03-06"), DayKind.HOLIDAY, "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void aCancelledSwapCanBeRemoved() {
        WorkingCalendar amended = CALENDAR.withoutDays(List.of(date("2025-04-26")));
        assertThat(amended.isWorkingDay(date("2025-04-26"))).isFalse();
        // Fri 25 Apr 14:00 + 2 days without the worked Saturday: Fri 210, Mon 28 480, 270 left ->
        // Tue 29 07:30 + 240 = 11:30, 30 left -> 14:00
        assertThat(new DueDateCalculator(amended).dueAt(at("2025-04-25T14:00"), TimeLimit.workingDays(2)))
                .isEqualTo(at("2025-04-29T14:00"));
        assertThatThrownBy(() -> CALENDAR.withoutDays(List.of(date("2025-03-06"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no calendar entry");
    }
}
