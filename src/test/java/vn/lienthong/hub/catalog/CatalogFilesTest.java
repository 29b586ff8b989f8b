package vn.lienthong.hub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The catalog shipped with the hub is valid by the API's own rules and realistic enough for the sandbox. */
class CatalogFilesTest {

    private static final CatalogFiles.Catalog CATALOG = CatalogFiles.load();

    @Test
    void shipsARealisticCatalog() {
        assertThat(CATALOG.agencies()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(CATALOG.procedures()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(CATALOG.procedures()).anyMatch(p -> p.timeLimit().isSameDay());
        assertThat(CATALOG.procedures()).anyMatch(p -> p.localCode() != null);
        assertThat(CATALOG.procedures()).anyMatch(ProcedureVersion::fourOnSite);
    }

    @Test
    void everyProcedureNamesAnAgencyOfTheCatalog() {
        Set<String> agencies = CATALOG.agencies().stream().map(Agency::code).collect(Collectors.toSet());
        assertThat(CATALOG.procedures()).allSatisfy(p -> assertThat(agencies).contains(p.agencyCode()));
    }

    @Test
    void interAgencyProceduresListTheirPartnerSteps() {
        ProcedureVersion birth = find("2.002621");
        assertThat(birth.steps()).extracting(ProcedureStep::partner).containsExactly("police", "bhxh");
        assertThat(birth.timeLimit().value()).isEqualTo(3);
        ProcedureVersion land = find("1.013831");
        assertThat(land.steps()).extracting(ProcedureStep::kind).containsExactly(ProcedureStep.FINANCIAL_OBLIGATION);
        assertThat(CATALOG.procedures().stream().filter(ProcedureVersion::interAgency)
                .flatMap(p -> p.steps().stream()).map(ProcedureStep::partner).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("tax", "police", "bhxh");
    }

    @Test
    void stepsSurviveTheirJsonColumn() {
        List<ProcedureStep> steps = find("2.002622").steps();
        assertThat(CatalogStore.steps(CatalogStore.stepsJson(steps))).isEqualTo(steps);
    }

    @Test
    void searchIgnoresCaseAndDiacritics() {
        assertThat(CatalogService.fold("Đăng ký KHAI SINH")).isEqualTo("dang ky khai sinh");
        String nfd = java.text.Normalizer.normalize("Chứng thực", java.text.Normalizer.Form.NFD);
        assertThat(CatalogService.fold(nfd)).isEqualTo("chung thuc");
    }

    private static ProcedureVersion find(String code) {
        return CATALOG.procedures().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }
}
