package vn.lienthong.hub.report;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTest {

    @Test
    void coversWholeLocalDaysInHoChiMinhCity() {
        ReportPeriod p = ReportPeriod.parse("2019-05-06", "2019-08-09");
        // 00:00 on 6 May in UTC+7 is 17:00 UTC the day before
        assertThat(p.fromInstant()).isEqualTo(Instant.parse("2019-05-05T17:00:00Z"));
        // exclusive end: 00:00 on 10 August local
        assertThat(p.endInstant()).isEqualTo(Instant.parse("2019-08-09T17:00:00Z"));
    }

    @Test
    void aOneDayPeriodIsTwentyFourHours() {
        ReportPeriod p = ReportPeriod.parse("2026-02-16", "2026-02-16");
        assertThat(p.fromInstant()).isEqualTo(Instant.parse("2026-02-15T17:00:00Z"));
        assertThat(p.endInstant()).isEqualTo(Instant.parse("2026-02-16T17:00:00Z"));
    }

    @Test
    void boundariesAreLocalMidnights() {
        ReportPeriod p = ReportPeriod.parse("2025-01-01", "2025-12-31");
        Instant lastSecondOfNewYearsEve = Instant.parse("2025-12-31T16:59:59Z");   // 23:59:59 local, 31 Dec
        Instant firstMomentOfNextYear = Instant.parse("2025-12-31T17:00:00Z");     // 00:00 local, 1 Jan 2026
        Instant utcMidnightFirstDay = Instant.parse("2025-01-01T00:00:00Z");       // already 07:00 local, 1 Jan
        Instant lateOnTheEveUtc = Instant.parse("2024-12-31T16:59:59Z");            // 23:59:59 local, 31 Dec 2024
        assertThat(inside(p, lastSecondOfNewYearsEve)).isTrue();
        assertThat(inside(p, firstMomentOfNextYear)).isFalse();
        assertThat(inside(p, utcMidnightFirstDay)).isTrue();
        assertThat(inside(p, lateOnTheEveUtc)).isFalse();
        assertThat(inside(p, p.fromInstant())).isTrue();
    }

    private static boolean inside(ReportPeriod p, Instant t) {
        return !t.isBefore(p.fromInstant()) && t.isBefore(p.endInstant());
    }

    @Test
    void atMostFiveYears() {
        assertThat(ReportPeriod.parse("2020-01-01", "2024-12-31").to()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThatThrownBy(() -> ReportPeriod.parse("2020-01-01", "2025-01-01"))
                .isInstanceOf(InvalidReportRequest.class).hasMessageContaining("at most 5 years")
                .extracting(e -> ((InvalidReportRequest) e).field()).isEqualTo("to");
        assertThatThrownBy(() -> ReportPeriod.parse("2000-01-01", "2026-01-01")).isInstanceOf(InvalidReportRequest.class);
    }

    @Test
    void toCannotBeBeforeFrom() {
        assertThatThrownBy(() -> ReportPeriod.parse("2019-08-09", "2019-08-08"))
                .isInstanceOf(InvalidReportRequest.class).hasMessageContaining("before it starts");
    }

    @Test
    void refusesMissingAndMalformedDates() {
        assertThatThrownBy(() -> ReportPeriod.parse(null, "2019-08-08"))
                .isInstanceOf(InvalidReportRequest.class).hasMessageStartingWith("from: required");
        assertThatThrownBy(() -> ReportPeriod.parse("2019-08-01", " "))
                .isInstanceOf(InvalidReportRequest.class).hasMessageStartingWith("to: required");
        for (String bad : new String[] {"2019-8-1", "01/08/2019", "2019-02-30", "2019-13-01", "+12019-01-01",
                "2019-08-01T00:00", "yesterday", "1800-01-01"}) {
            assertThatThrownBy(() -> ReportPeriod.parse(bad, "2019-08-09")).as(bad)
                    .isInstanceOf(InvalidReportRequest.class)
                    .extracting(e -> ((InvalidReportRequest) e).field()).isEqualTo("from");
        }
    }
}
