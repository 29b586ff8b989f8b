package vn.lienthong.hub.report;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatesTest {

    @Test
    void roundsHalfUpToTwoDecimals() {
        assertThat(Rates.percent(12_356, 14_168)).isEqualByComparingTo("87.21"); // 87.2106…
        assertThat(Rates.percent(1_812, 14_168)).isEqualByComparingTo("12.79");  // 12.7893…
        assertThat(Rates.percent(677, 14_168)).isEqualByComparingTo("4.78");      // 4.7783…, the press said 4.77
        assertThat(Rates.percent(1_958, 14_168)).isEqualByComparingTo("13.82");   // 13.8198…, the press said 13.81
        assertThat(Rates.percent(654_074, 683_241)).isEqualByComparingTo("95.73");
    }

    @Test
    void anExactHalfGoesUp() {
        assertThat(Rates.percent(1, 8)).isEqualTo(new BigDecimal("12.50"));
        assertThat(Rates.percent(1, 16)).isEqualTo(new BigDecimal("6.25"));   // exact, no rounding
        assertThat(Rates.percent(1, 32)).isEqualTo(new BigDecimal("3.13"));   // 3.125 → 3.13, not banker's 3.12
        assertThat(Rates.percent(1, 1600)).isEqualTo(new BigDecimal("0.06")); // 0.0625 → 0.06
        assertThat(Rates.percent(1, 400)).isEqualTo(new BigDecimal("0.25"));
        assertThat(Rates.percent(1, 80_000)).isEqualTo(new BigDecimal("0.00")); // 0.00125
        assertThat(Rates.percent(1, 40_000)).isEqualTo(new BigDecimal("0.00")); // 0.0025
        assertThat(Rates.percent(1, 200)).isEqualTo(new BigDecimal("0.50"));
        assertThat(Rates.percent(3, 800)).isEqualTo(new BigDecimal("0.38"));   // 0.375
    }

    @Test
    void alwaysHasScaleTwo() {
        assertThat(Rates.percent(1, 1)).isEqualTo(new BigDecimal("100.00"));
        assertThat(Rates.percent(0, 5)).isEqualTo(new BigDecimal("0.00"));
        assertThat(Rates.percent(1, 3).scale()).isEqualTo(2);
        assertThat(Rates.percent(1, 3).toString()).isEqualTo("33.33");
        assertThat(Rates.percent(2, 3).toString()).isEqualTo("66.67");
    }

    @Test
    void nothingToDivideByIsZero() {
        assertThat(Rates.percent(0, 0)).isEqualTo(new BigDecimal("0.00"));
        assertThat(Rates.percent(0, 0).toString()).isEqualTo("0.00");
    }

    @Test
    void worksForLargeCounts() {
        assertThat(Rates.percent(9_999_999_999L, 10_000_000_000L)).isEqualTo(new BigDecimal("100.00"));
        assertThat(Rates.percent(Long.MAX_VALUE / 3, Long.MAX_VALUE)).isEqualTo(new BigDecimal("33.33"));
    }

    @Test
    void refusesNegativeCounts() {
        assertThatThrownBy(() -> Rates.percent(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rates.percent(1, -10)).isInstanceOf(IllegalArgumentException.class);
    }
}
