package vn.lienthong.hub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;

/** The rules a catalog entry must satisfy, without Spring. */
class CatalogRulesTest {

    private static final Set<String> AGENCIES = Set.of("000.00.61.H56");

    private static ProcedureDraft.Limit days(int n) {
        return new ProcedureDraft.Limit(n, "WORKING_DAY");
    }

    private static ProcedureDraft draft() {
        return new ProcedureDraft("2.002621", null, "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT", "Hộ tịch",
                "000.00.61.H56", days(3), 0L, List.of("DIRECT", "POSTAL", "ONLINE"), true, false,
                List.of(new ProcedureDraft.Step(1, "police", "Đăng ký thường trú", days(1), "REGISTRATION"),
                        new ProcedureDraft.Step(2, "bhxh", "Cấp thẻ BHYT", days(1), "CARD")),
                LocalDate.parse("2025-07-01"), null);
    }

    private static List<String> refusedFields(ProcedureDraft draft) {
        CatalogValidationException e = catchThrowableOfType(CatalogValidationException.class,
                () -> CatalogRules.procedure(draft, AGENCIES::contains));
        assertThat(e).as("refused").isNotNull();
        return e.violations().stream().map(CatalogValidationException.Violation::field).toList();
    }

    private static ProcedureDraft with(ProcedureDraft d, ProcedureDraft.Limit limit, List<String> channels,
                                       List<ProcedureDraft.Step> steps) {
        return new ProcedureDraft(d.code(), d.localCode(), d.name(), d.field(), d.agencyCode(), limit, d.feeVnd(),
                channels, d.postalReturn(), d.fourOnSite(), steps, d.validFrom(), d.validTo());
    }

    @Test
    void acceptsAValidInterAgencyProcedure() {
        ProcedureVersion p = CatalogRules.procedure(draft(), AGENCIES::contains);
        assertThat(p.timeLimit()).isEqualTo(TimeLimit.workingDays(3));
        assertThat(p.interAgency()).isTrue();
        assertThat(p.steps()).extracting(ProcedureStep::partner).containsExactly("police", "bhxh");
        assertThat(p.allowsChannel("POSTAL")).isTrue();
        assertThat(p.allowsChannel("FAX")).isFalse();
    }

    @Test
    void acceptsASameDayProcedureAndWorkingHours() {
        ProcedureDraft d = with(draft(), days(0), List.of("DIRECT"), List.of());
        assertThat(CatalogRules.procedure(d, AGENCIES::contains).timeLimit().isSameDay()).isTrue();
        d = with(draft(), new ProcedureDraft.Limit(4, "WORKING_HOUR"), List.of("DIRECT"), null);
        ProcedureVersion p = CatalogRules.procedure(d, AGENCIES::contains);
        assertThat(p.timeLimit()).isEqualTo(new TimeLimit(4, LimitUnit.WORKING_HOUR));
        assertThat(p.steps()).isEmpty();
    }

    @Test
    void refusesABadCode() {
        assertThat(refusedFields(draft().withCode("2.00262"))).containsExactly("code");
        assertThat(refusedFields(draft().withCode("2.002621.H56"))).containsExactly("code");
        assertThat(refusedFields(draft().withCode(null))).containsExactly("code");
    }

    @Test
    void refusesAnUnknownAgency() {
        ProcedureDraft d = draft();
        d = new ProcedureDraft(d.code(), null, d.name(), d.field(), "000.00.99.H56", d.timeLimit(), d.feeVnd(),
                d.channels(), d.postalReturn(), d.fourOnSite(), d.steps(), d.validFrom(), d.validTo());
        assertThat(refusedFields(d)).containsExactly("agencyCode");
    }

    @Test
    void refusesBadTimeLimits() {
        assertThat(refusedFields(with(draft(), new ProcedureDraft.Limit(-1, "WORKING_DAY"), List.of("DIRECT"), null)))
                .containsExactly("timeLimit.value");
        assertThat(refusedFields(with(draft(), new ProcedureDraft.Limit(0, "WORKING_HOUR"), List.of("DIRECT"), null)))
                .containsExactly("timeLimit.value");
        assertThat(refusedFields(with(draft(), new ProcedureDraft.Limit(3, "WORKING_MINUTE"), List.of("DIRECT"), null)))
                .containsExactly("timeLimit.unit");
        assertThat(refusedFields(with(draft(), new ProcedureDraft.Limit(null, "WORKING_DAY"), List.of("DIRECT"), null)))
                .as("a missing value is never read as same-day").containsExactly("timeLimit.value");
        assertThat(refusedFields(with(draft(), null, List.of("DIRECT"), null))).containsExactly("timeLimit");
    }

    @Test
    void refusesBadChannels() {
        assertThat(refusedFields(with(draft(), days(3), List.of(), null))).containsExactly("channels");
        assertThat(refusedFields(with(draft(), days(3), null, null))).containsExactly("channels");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT", "FAX"), null))).containsExactly("channels[1]");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT", "DIRECT"), null))).containsExactly("channels[1]");
    }

    @Test
    void refusesBadSteps() {
        ProcedureDraft.Step police = new ProcedureDraft.Step(1, "police", "Đăng ký thường trú", days(1), "REGISTRATION");
        ProcedureDraft.Step court = new ProcedureDraft.Step(2, "court", "Xét xử", days(1), "REGISTRATION");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT"), List.of(police, court))))
                .containsExactly("steps[1].partner");
        ProcedureDraft.Step second = new ProcedureDraft.Step(2, "bhxh", "Cấp thẻ", days(1), "CARD");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT"), List.of(second, police))))
                .containsExactly("steps[0].order", "steps[1].order");
        ProcedureDraft.Step noLimit = new ProcedureDraft.Step(1, "tax", "Xác định nghĩa vụ tài chính", null,
                "FINANCIAL_OBLIGATION");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT"), List.of(noLimit))))
                .containsExactly("steps[0].timeLimit");
        ProcedureDraft.Step long1 = new ProcedureDraft.Step(1, "tax", "Thuế", days(3), "FINANCIAL_OBLIGATION");
        ProcedureDraft.Step long2 = new ProcedureDraft.Step(2, "bhxh", "BHXH", new ProcedureDraft.Limit(1, "WORKING_HOUR"),
                "CARD");
        assertThat(refusedFields(with(draft(), days(3), List.of("DIRECT"), List.of(long1, long2))))
                .as("the steps cannot take longer than the whole procedure").containsExactly("steps");
    }

    @Test
    void reportsEveryViolationAtOnce() {
        ProcedureDraft d = new ProcedureDraft("x", "bad code!", " ", null, null, null, -1L, List.of(), null, null,
                null, null, null);
        assertThat(refusedFields(d)).containsExactly("code", "localCode", "name", "agencyCode", "timeLimit",
                "feeVnd", "channels", "postalReturn", "fourOnSite", "validFrom");
    }

    @Test
    void refusesValidToBeforeValidFrom() {
        ProcedureDraft d = draft();
        d = new ProcedureDraft(d.code(), d.localCode(), d.name(), d.field(), d.agencyCode(), d.timeLimit(),
                d.feeVnd(), d.channels(), d.postalReturn(), d.fourOnSite(), d.steps(), d.validFrom(),
                LocalDate.parse("2025-06-30"));
        assertThat(refusedFields(d)).containsExactly("validTo");
    }

    @Test
    void normalizesNamesToNfc() {
        String nfd = java.text.Normalizer.normalize("Đăng ký khai sinh", java.text.Normalizer.Form.NFD);
        ProcedureDraft d = draft();
        d = new ProcedureDraft(d.code(), d.localCode(), "  " + nfd + " ", d.field(), d.agencyCode(), d.timeLimit(),
                d.feeVnd(), d.channels(), d.postalReturn(), d.fourOnSite(), d.steps(), d.validFrom(), d.validTo());
        assertThat(CatalogRules.procedure(d, AGENCIES::contains).name()).isEqualTo("Đăng ký khai sinh");
    }

    @Test
    void validatesAgencies() {
        Agency ok = CatalogRules.agency(new Agency("000.00.50.H56", "Công an tỉnh Thanh Hóa", "Công an tỉnh", "police",
                LocalDate.parse("2018-01-01"), null));
        assertThat(ok.validOn(LocalDate.parse("2026-01-01"))).isTrue();
        CatalogValidationException e = catchThrowableOfType(CatalogValidationException.class,
                () -> CatalogRules.agency(new Agency("H56", "", null, "court", LocalDate.parse("2025-01-01"),
                        LocalDate.parse("2024-12-31"))));
        assertThat(e.violations()).extracting(CatalogValidationException.Violation::field)
                .containsExactly("code", "name", "partner", "validTo");
    }

    @Test
    void agencyValidityIncludesBothEnds() {
        Agency a = new Agency("000.00.53.H56", "Chi cục Thuế", null, "tax", LocalDate.parse("2025-03-01"),
                LocalDate.parse("2025-06-30"));
        assertThat(a.validOn(LocalDate.parse("2025-03-01"))).isTrue();
        assertThat(a.validOn(LocalDate.parse("2025-06-30"))).isTrue();
        assertThat(a.validOn(LocalDate.parse("2025-07-01"))).isFalse();
        assertThat(a.validOn(LocalDate.parse("2025-02-28"))).isFalse();
    }
}
