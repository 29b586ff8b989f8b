package vn.lienthong.hub.calendar;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.hub.calendar.CalendarFixtures.CALENDAR;
import static vn.lienthong.hub.calendar.CalendarFixtures.at;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** An apology with a new date (form 04) must come at least one working day (480 minutes) before the due date. */
class ExtensionRuleTest {

    private final Instant due = at("2025-03-06T09:00"); // Thu
    private final Instant later = at("2025-03-10T09:00");

    @Test
    void acceptedExactlyOneWorkingDayBefore() {
        // Wed 09:00 -> Thu 09:00: Wed 09:00–11:30 = 150 + 240 = 390, Thu 07:30–09:00 = 90 -> 480
        assertThatCode(() -> ExtensionRule.check(CALENDAR, at("2025-03-05T09:00"), due, later))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExtensionRule.check(CALENDAR, at("2025-03-04T15:00"), due, later))
                .doesNotThrowAnyException();
    }

    @Test
    void refusedLessThanOneWorkingDayBefore() {
        // Wed 09:01 -> Thu 09:00: 479 working minutes
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-05T09:01"), due, later))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one working day")
                .hasMessageContaining("479");
        // after the due date
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-06T10:00"), due, later))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weekendsAndHolidaysDoNotCountAsTheDayBefore() {
        Instant monday = at("2025-03-10T09:00");
        // Fri 7 Mar 09:00 -> Mon 09:00: Fri 390 + Mon 90 = 480: accepted
        assertThatCode(() -> ExtensionRule.check(CALENDAR, at("2025-03-07T09:00"), monday, at("2025-03-12T09:00")))
                .doesNotThrowAnyException();
        // Fri 12:00 (lunch) -> Mon 09:00: Fri afternoon 240 + Mon 90 = 330: refused
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-07T12:00"), monday, at("2025-03-12T09:00")))
                .isInstanceOf(IllegalArgumentException.class);
        // Sat 8 Mar, two calendar days before: only Mon 07:30–09:00 = 90 left: refused
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-08T10:00"), monday, at("2025-03-12T09:00")))
                .isInstanceOf(IllegalArgumentException.class);
        // Tue 29 Apr 2025 10:00 -> Mon 5 May 10:00, six calendar days but only Tue 330 + Mon 150 = 480: accepted
        assertThatCode(() -> ExtensionRule.check(CALENDAR, at("2025-04-29T10:00"), at("2025-05-05T10:00"),
                at("2025-05-08T10:00"))).doesNotThrowAnyException();
        // Tue 29 Apr 2025 10:01 -> 479: refused
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-04-29T10:01"), at("2025-05-05T10:00"),
                at("2025-05-08T10:00"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNewDateMustBeLater() {
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-04T09:00"), due, due))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
        assertThatThrownBy(() -> ExtensionRule.check(CALENDAR, at("2025-03-04T09:00"), due, at("2025-03-05T09:00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
    }
}
