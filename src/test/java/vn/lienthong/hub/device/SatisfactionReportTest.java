package vn.lienthong.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SatisfactionReportTest {

    @Test
    void ratesArePercentagesWithTwoDecimalsRoundedHalfUp() {
        SatisfactionReport r = SatisfactionReport.of(2, 1, 0);
        assertThat(r.total()).isEqualTo(3);
        assertThat(r.verySatisfied().rate()).hasToString("66.67");
        assertThat(r.satisfied().rate()).hasToString("33.33");
        assertThat(r.unsatisfied().rate()).hasToString("0.00");
        // 5 of 9 = 55.5555… → 55.56; 1 of 8 = 12.5 → 12.50; 1 of 16 = 6.25; 1 of 400 = 0.25; 1 of 800 = 0.125 → 0.13
        assertThat(SatisfactionReport.percent(5, 9)).hasToString("55.56");
        assertThat(SatisfactionReport.percent(1, 8)).hasToString("12.50");
        assertThat(SatisfactionReport.percent(1, 16)).hasToString("6.25");
        assertThat(SatisfactionReport.percent(1, 800)).hasToString("0.13");
        assertThat(SatisfactionReport.percent(7, 7)).hasToString("100.00");
    }

    @Test
    void noVotesIsZeroEverywhere() {
        SatisfactionReport r = SatisfactionReport.of(0, 0, 0);
        assertThat(r.total()).isZero();
        assertThat(r.verySatisfied().count()).isZero();
        assertThat(r.verySatisfied().rate()).hasToString("0.00");
        assertThat(r.unsatisfied().rate()).hasToString("0.00");
    }

    @Test
    void waitingMinutesHaveTwoDecimalsRoundedHalfUp() {
        assertThat(QueueReport.minutes(2.675)).hasToString("2.68");
        assertThat(QueueReport.minutes(12.0)).hasToString("12.00");
        assertThat(QueueReport.minutes(0.004)).hasToString("0.00");
        assertThat(QueueReport.minutes(null)).isNull();
    }
}
