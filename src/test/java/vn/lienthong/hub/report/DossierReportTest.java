package vn.lienthong.hub.report;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import static org.assertj.core.api.Assertions.assertThat;

class DossierReportTest {

    private static final ReportPeriod PERIOD = ReportPeriod.parse("2019-05-06", "2019-08-09");

    @Test
    void assemblesTotalsAndRates() {
        DossierCounts c = new DossierCounts(100, 900, 700, 200, 100, 800, 600, 150, 50, 200, 30, 7, 3, 2,
                45_000_000, 120, 150, 90);
        DossierReport r = DossierReport.of(PERIOD, c);
        assertThat(r.from()).isEqualTo("2019-05-06");
        assertThat(r.to()).isEqualTo("2019-08-09");
        assertThat(r.received().total()).isEqualTo(1000);
        assertThat(r.resolved().earlyRate()).isEqualTo(new BigDecimal("75.00"));
        assertThat(r.resolved().onTimeRate()).isEqualTo(new BigDecimal("18.75"));
        assertThat(r.resolved().lateRate()).isEqualTo(new BigDecimal("6.25"));
        assertThat(r.resolved().rateOfReceived()).isEqualTo(new BigDecimal("80.00"));
        assertThat(r.inProgress().rateOfReceived()).isEqualTo(new BigDecimal("20.00"));
        assertThat(r.onlineRate()).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void anEmptyPeriodHasZeroRates() throws Exception {
        DossierReport r = DossierReport.of(PERIOD, new DossierCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        String json = new ObjectMapper().writeValueAsString(r);
        assertThat(json).contains("\"earlyRate\":0.00", "\"rateOfReceived\":0.00", "\"onlineRate\":0.00");
    }

    @Test
    void serialisesToThePublishedShape() throws Exception {
        DossierCounts c = new DossierCounts(0, 14_168, 11_533, 1_958, 677, 12_356, 11_800, 400, 156, 1_812, 97,
                0, 0, 0, 0, 0, 1_958, 1_516);
        String text = new ObjectMapper().writeValueAsString(DossierReport.of(PERIOD, c));
        assertThat(text).contains("\"rateOfReceived\":87.21", "\"rateOfReceived\":12.79", "\"onlineRate\":4.78",
                "\"earlyRate\":95.50", "\"lateRate\":1.26");
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(fieldNames(json)).containsExactly("from", "to", "received", "resolved", "inProgress", "refused",
                "stopped", "withdrawn", "feesVnd", "fourOnSite", "onlineRate", "receivedByPost", "returnedByPost");
        assertThat(fieldNames(json.get("received"))).containsExactly("carriedOver", "new", "total", "byChannel");
        assertThat(fieldNames(json.get("received").get("byChannel"))).containsExactly("DIRECT", "POSTAL", "ONLINE");
        assertThat(fieldNames(json.get("resolved"))).containsExactly("total", "early", "onTime", "late", "earlyRate",
                "onTimeRate", "lateRate", "rateOfReceived");
        assertThat(fieldNames(json.get("inProgress"))).containsExactly("total", "overdue", "rateOfReceived");
        assertThat(json.get("received").get("new").asLong()).isEqualTo(14_168);
        assertThat(json.get("resolved").get("rateOfReceived").decimalValue()).isEqualByComparingTo("87.21");
        assertThat(json.get("inProgress").get("rateOfReceived").decimalValue()).isEqualByComparingTo("12.79");
        assertThat(json.get("onlineRate").decimalValue()).isEqualByComparingTo("4.78");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theStatementUsesTheIndexedExpressions() throws Exception {
        String migration = normalise(Files.readString(Path.of("src/main/resources/db/migration/V4__report_indexes.sql")));
        assertThat(migration).contains(normalise(DossierReportService.SPAN_START));
        assertThat(migration).contains(normalise(DossierReportService.SPAN));
        String open = normalise(Files.readString(Path.of("src/main/resources/db/migration/V11__report_open_spans.sql")));
        assertThat(open).contains(normalise(DossierReportService.SPAN_START));
        assertThat(open).contains(normalise(DossierReportService.SPAN));
        String sql = DossierReportService.sql(ReportFilter.NONE, new MapSqlParameterSource());
        assertThat(normalise(sql)).contains(normalise(DossierReportService.SPAN) + " @> cast(:from as timestamptz)");
        // each part carries its partial index's predicate, so the planner can prove the index applies
        assertThat(normalise(sql)).contains("where ended_at is null and " + DossierReportService.SPAN_START + " < :from");
        assertThat(normalise(sql)).contains("where ended_at is not null and " + DossierReportService.SPAN_START + " < :from");
    }

    @Test
    void filtersRestrictEveryPart() {
        MapSqlParameterSource p = new MapSqlParameterSource();
        String sql = DossierReportService.sql(new ReportFilter("000.00.99.H83", "8.830001", "POSTAL"), p);
        assertThat(sql.split("and agency_code = :agency", -1)).hasSize(4);
        assertThat(sql.split("and procedure_code = :procedure", -1)).hasSize(4);
        assertThat(sql.split("and channel = :channel", -1)).hasSize(4);
        assertThat(p.getValue("agency")).isEqualTo("000.00.99.H83");
        assertThat(p.getValue("channel")).isEqualTo("POSTAL");
        assertThat(DossierReportService.sql(ReportFilter.NONE, new MapSqlParameterSource())).doesNotContain("agency_code");
    }

    private static String normalise(String s) {
        return s.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim();
    }
}
