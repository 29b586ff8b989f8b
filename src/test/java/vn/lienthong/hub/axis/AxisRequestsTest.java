package vn.lienthong.hub.axis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.catalog.ProcedureVersion;

/** The national procedure code of a catalog procedure, the portal's dates, and what the planner sends. */
class AxisRequestsTest {

    private static ProcedureVersion procedure(String code, String localCode) {
        return new ProcedureVersion(1, code, 1, localCode, "Thủ tục", null, "000.00.61.H56",
                new TimeLimit(3, LimitUnit.WORKING_DAY), 0, List.of("DIRECT"), false, false, List.of(),
                LocalDate.of(2025, 7, 1), null);
    }

    private static AxisRequests requests(Map<String, String> nationalCodes) {
        AxisSettings settings = new AxisSettings();
        settings.setNationalCodes(nationalCodes);
        return new AxisRequests(null, null, null, settings);
    }

    @Test
    void aNationalProcedureAndItsProvincialVariantGoAsTheNationalCode() {
        AxisRequests r = requests(Map.of());
        assertThat(r.nationalCode(procedure("2.000635", null))).contains("2.000635");
        assertThat(r.nationalCode(procedure("2.000815", "2.000815.H56"))).contains("2.000815");
    }

    @Test
    void aLocalProcedureNeedsAMapping() {
        assertThat(requests(Map.of()).nationalCode(procedure("1.999001", "H56-NB-01"))).isEmpty();
        assertThat(requests(Map.of("H56-NB-01", "1.004884")).nationalCode(procedure("1.999001", "H56-NB-01")))
                .contains("1.004884");
        // an empty mapping: the portal does not know this procedure, even if its code looks national
        assertThat(requests(Map.of("2.000635", "")).nationalCode(procedure("2.000635", null))).isEmpty();
    }

    @Test
    void portalTimesAreLocalToHoChiMinhCity() {
        Instant t = Instant.parse("2026-11-22T01:15:30Z");
        assertThat(PortalTime.format(t)).isEqualTo("20261122081530");
        assertThat(PortalTime.format("2026-11-22T01:15:30Z")).isEqualTo("20261122081530");
        assertThat(PortalTime.parse("20261122081530")).isEqualTo(t);
        assertThat(PortalTime.format((Instant) null)).isNull();
        assertThatThrownBy(() -> PortalTime.parse("2026-11-22")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyStateChangesAreSynced() {
        assertThat(AxisPlanner.STATE_CHANGES).contains("RECEIVE", "SUBMIT", "ACCEPT", "REFUSE", "START", "RETURN",
                "REQUEST_SUPPLEMENT", "STOP").doesNotContain("DUE_SOON", "OVERDUE", "STEP_AT_RISK");
    }

    @Test
    void progressSaysWhoDidWhatAndWhy() {
        var h = new vn.lienthong.hub.dossier.DossierView.HistoryView("e1", "REQUEST_SUPPLEMENT", "IN_PROGRESS",
                "SUPPLEMENT_REQUESTED", Instant.now(), "officer.lan", "onestop", "DIRECT", "thiếu bản sao CCCD", "02",
                Instant.now());
        assertThat(AxisRequests.content(h)).isEqualTo("Yêu cầu bổ sung, hoàn thiện hồ sơ: thiếu bản sao CCCD");
        assertThat(AxisRequests.title("onestop")).contains("Tiếp nhận và Trả kết quả");
        assertThat(AxisRequests.formName("02")).startsWith("Phiếu yêu cầu bổ sung");
    }
}
