package vn.lienthong.hub.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFilterTest {

    @Test
    void blankMeansNoRestriction() {
        assertThat(ReportFilter.parse(null, "", "  ")).isEqualTo(ReportFilter.NONE);
    }

    @Test
    void keepsCodesAndNormalisesTheChannel() {
        assertThat(ReportFilter.parse(" 000.00.99.H83 ", "1.000948.H38", "online"))
                .isEqualTo(new ReportFilter("000.00.99.H83", "1.000948.H38", "ONLINE"));
    }

    @Test
    void refusesAnUnknownChannel() {
        assertThatThrownBy(() -> ReportFilter.parse(null, null, "FAX"))
                .isInstanceOf(InvalidReportRequest.class).hasMessageContaining("[DIRECT, POSTAL, ONLINE]")
                .extracting(e -> ((InvalidReportRequest) e).field()).isEqualTo("channel");
    }

    @Test
    void refusesSomethingThatIsNoCode() {
        assertThatThrownBy(() -> ReportFilter.parse("x".repeat(65), null, null)).isInstanceOf(InvalidReportRequest.class);
        assertThatThrownBy(() -> ReportFilter.parse(null, "1.0\n01", null)).isInstanceOf(InvalidReportRequest.class);
    }
}
