package vn.lienthong.hub.report;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.report.BenTreFixture.Row;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.hub.report.BenTreFixture.AGENCY;

/**
 * The period report reproduces, to the dossier, the figures Bến Tre's center published for 6 May – 9 Aug 2019
 * (DOMAIN.md), from {@link BenTreFixture}'s rows inserted straight into the store. Every request is restricted to
 * the fixture's own agency, because the database is shared with every other integration test.
 */
class BenTreReportIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String URI = "/api/v1/reports/dossiers?from={f}&to={t}&agency={a}";

    /** The fixture is generated once per JVM; the rows are inserted once per database (checked by count). */
    private static List<Row> rows;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void insertOnce() {
        synchronized (BenTreReportIT.class) {
            if (rows == null) {
                rows = BenTreFixture.generate();
            }
            Long present = jdbc.queryForObject("select count(*) from dossier where agency_code = ?", Long.class, AGENCY);
            if (present != null && present == rows.size()) {
                return;
            }
            assertThat(present).as("a partial fixture in the database").isZero();
            new TransactionTemplate(transactions).executeWithoutResult(s -> insert(rows));
        }
    }

    private void insert(List<Row> all) {
        jdbc.update("insert into agency (code, name, short_name, valid_from, updated_by) values (?, ?, ?, date '2019-01-01', 'test') "
                + "on conflict do nothing", AGENCY, BenTreFixture.AGENCY_NAME, "TTPVHCC Bến Tre (test)");
        jdbc.update("insert into procedure_version (code, version, name, field, agency_code, time_limit_value, "
                + "time_limit_unit, fee_vnd, channels, postal_return, four_on_site, valid_from, created_by) "
                + "values (?, 1, 'Thủ tục thử nghiệm báo cáo (test)', 'Thử nghiệm', ?, 10, 'WORKING_DAY', 0, "
                + "'{DIRECT,POSTAL,ONLINE}', true, false, date '2019-01-01', 'test') on conflict do nothing",
                BenTreFixture.PROCEDURE, AGENCY);
        Long procedureId = jdbc.queryForObject("select id from procedure_version where code = ? and version = 1",
                Long.class, BenTreFixture.PROCEDURE);
        // like the historical import: imported, and already notified, so the due scanner leaves these rows alone
        jdbc.batchUpdate("""
                insert into dossier (code, procedure_id, procedure_code, agency_code, applicant_name, applicant_id_number,
                  channel, return_method, fees_vnd, four_on_site, status, submitted_at, received_at, limit_minutes,
                  original_due_at, due_at, ended_at, end_kind, timeliness, resolved_at, returned_at, imported,
                  due_soon_notified, overdue_notified)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, true, true)""",
                all, 1000, (PreparedStatement ps, Row r) -> {
                    int i = 0;
                    ps.setString(++i, r.code);
                    ps.setLong(++i, procedureId);
                    ps.setString(++i, BenTreFixture.PROCEDURE);
                    ps.setString(++i, AGENCY);
                    ps.setString(++i, r.applicantName);
                    ps.setString(++i, r.applicantIdNumber);
                    ps.setString(++i, r.channel);
                    ps.setString(++i, r.returnMethod);
                    ps.setLong(++i, r.feesVnd);
                    ps.setBoolean(++i, r.fourOnSite);
                    ps.setString(++i, r.status);
                    timestamp(ps, ++i, r.submittedAt);
                    timestamp(ps, ++i, r.receivedAt);
                    if (r.receivedAt == null) {
                        ps.setNull(++i, Types.BIGINT);
                    } else {
                        ps.setLong(++i, r.limitDays * 480L);
                    }
                    timestamp(ps, ++i, r.originalDueAt);
                    timestamp(ps, ++i, r.originalDueAt);
                    timestamp(ps, ++i, r.endedAt);
                    ps.setString(++i, r.endKind);
                    ps.setString(++i, r.timeliness);
                    timestamp(ps, ++i, r.resolvedAt);
                    timestamp(ps, ++i, r.returnedAt);
                });
    }

    private static void timestamp(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static ResponseEntity<String> get(RestClient client, String uri, Object... vars) {
        return client.get().uri(uri, vars).retrieve().toEntity(String.class);
    }

    private JsonNode report(String from, String to) throws Exception {
        ResponseEntity<String> res = get(onestop(), URI, from, to, AGENCY);
        assertThat(res.getStatusCode().value()).as(res.getBody()).isEqualTo(200);
        return JSON.readTree(res.getBody());
    }

    private static JsonNode expected(String from, String to, java.util.function.Predicate<Row> filter) throws Exception {
        ReportPeriod period = ReportPeriod.parse(from, to);
        DossierReport oracle = DossierReport.of(period, BenTreFixture.counts(rows, period, filter));
        return JSON.readTree(JSON.writeValueAsString(oracle));
    }

    @Test
    void reproducesBenTresFirstThreeMonths() throws Exception {
        ResponseEntity<String> res = get(asOperator("viewer"), URI, "2019-05-06", "2019-08-09", AGENCY);
        assertThat(res.getStatusCode().value()).as(res.getBody()).isEqualTo(200);
        JsonNode r = JSON.readTree(res.getBody());

        assertThat(r.path("from").asText()).isEqualTo("2019-05-06");
        assertThat(r.path("to").asText()).isEqualTo("2019-08-09");
        JsonNode received = r.path("received");
        assertThat(received.path("carriedOver").asLong()).isZero();
        assertThat(received.path("new").asLong()).isEqualTo(14_168);
        assertThat(received.path("total").asLong()).isEqualTo(14_168);
        assertThat(received.path("byChannel").path("DIRECT").asLong()).isEqualTo(11_533);
        assertThat(received.path("byChannel").path("POSTAL").asLong()).isEqualTo(1_958);
        assertThat(received.path("byChannel").path("ONLINE").asLong()).isEqualTo(677);

        JsonNode resolved = r.path("resolved");
        assertThat(resolved.path("total").asLong()).isEqualTo(12_356);
        assertThat(resolved.path("early").asLong()).isEqualTo(11_800);
        assertThat(resolved.path("onTime").asLong()).isEqualTo(400);
        assertThat(resolved.path("late").asLong()).isEqualTo(156);
        assertThat(resolved.path("earlyRate").decimalValue()).isEqualByComparingTo("95.50");
        assertThat(resolved.path("onTimeRate").decimalValue()).isEqualByComparingTo("3.24");
        assertThat(resolved.path("lateRate").decimalValue()).isEqualByComparingTo("1.26");
        // 12,356 / 14,168 = 87.2106… → 87.21 (the center published 87.2 %)
        assertThat(resolved.path("rateOfReceived").decimalValue()).isEqualByComparingTo("87.21");

        JsonNode inProgress = r.path("inProgress");
        assertThat(inProgress.path("total").asLong()).isEqualTo(1_812);
        assertThat(inProgress.path("overdue").asLong()).isEqualTo(137);
        // 1,812 / 14,168 = 12.7894… → 12.79 (published: 12.8 %)
        assertThat(inProgress.path("rateOfReceived").decimalValue()).isEqualByComparingTo("12.79");

        // 677 / 14,168 = 4.7784… → 4.78. The center's press figures (13.81 % by post, 4.77 % online) were
        // truncated, not rounded: 1,958 / 14,168 = 13.8199… Our rule is half-up, so we say 4.78 (and 13.82).
        assertThat(r.path("onlineRate").decimalValue()).isEqualByComparingTo("4.78");
        assertThat(r.path("receivedByPost").asLong()).isEqualTo(1_958);
        assertThat(r.path("returnedByPost").asLong()).isEqualTo(1_516);

        assertThat(r.path("refused").asLong()).isEqualTo(23);       // online submissions not accepted: not received
        assertThat(r.path("stopped").asLong()).isZero();
        assertThat(r.path("withdrawn").asLong()).isZero();
        long fees = rows.stream().filter(x -> x.receivedAt != null).mapToLong(x -> x.feesVnd).sum();
        assertThat(r.path("feesVnd").asLong()).isEqualTo(fees).isPositive();
        assertThat(r.path("fourOnSite").asLong())
                .isEqualTo(rows.stream().filter(x -> x.receivedAt != null && x.fourOnSite).count()).isPositive();

        // rates are JSON numbers with exactly two decimals
        assertThat(res.getBody()).contains("\"rateOfReceived\":87.21", "\"rateOfReceived\":12.79",
                "\"onlineRate\":4.78", "\"earlyRate\":95.50");
        // and the whole report is what the plain-Java reading of the rules gives
        assertThat(r).isEqualTo(expected("2019-05-06", "2019-08-09", x -> true));
    }

    @Test
    void aPeriodStraddlingTheEndCarriesOverWhatWasOpen() throws Exception {
        JsonNode august = report("2019-08-01", "2019-08-31");
        JsonNode untilJuly = report("2019-05-06", "2019-07-31");
        long carried = august.path("received").path("carriedOver").asLong();
        // carried over into August = still open at the end of July
        assertThat(carried).isEqualTo(untilJuly.path("inProgress").path("total").asLong()).isGreaterThan(1_000);
        long receivedBeforeAugust = rows.stream().filter(x -> x.receivedAt != null
                && x.receivedAt.isBefore(ReportPeriod.parse("2019-08-01", "2019-08-01").fromInstant())).count();
        assertThat(carried).isLessThan(receivedBeforeAugust);
        assertThat(august.path("received").path("new").asLong()).isPositive();       // received 1 – 9 August
        assertThat(august.path("resolved").path("total").asLong()).isPositive();
        assertThat(august.path("stopped").asLong()).isPositive();
        assertThat(august.path("withdrawn").asLong()).isPositive();
        assertThat(august.path("refused").asLong()).isPositive();
        assertThat(august).isEqualTo(expected("2019-08-01", "2019-08-31", x -> true));
        assertThat(untilJuly).isEqualTo(expected("2019-05-06", "2019-07-31", x -> true));
        // a report after all of it: only what stayed open is carried over, and nothing happens
        JsonNode later = report("2020-01-01", "2020-01-31");
        assertThat(later).isEqualTo(expected("2020-01-01", "2020-01-31", x -> true));
        assertThat(later.path("received").path("new").asLong()).isZero();
        assertThat(later.path("resolved").path("rateOfReceived").decimalValue()).isEqualByComparingTo("0.00");
    }

    @Test
    void singleDaysAndFiltersAgreeWithTheRules() throws Exception {
        for (String day : List.of("2019-05-06", "2019-06-14", "2019-08-09", "2019-08-10", "2019-08-12")) {
            assertThat(report(day, day)).as(day).isEqualTo(expected(day, day, x -> true));
        }
        ResponseEntity<String> online = get(onestop(), URI + "&channel={c}", "2019-05-06", "2019-08-09", AGENCY, "online");
        JsonNode o = JSON.readTree(online.getBody());
        assertThat(o).isEqualTo(expected("2019-05-06", "2019-08-09", x -> "ONLINE".equals(x.channel)));
        assertThat(o.path("received").path("total").asLong()).isEqualTo(677);
        assertThat(o.path("received").path("byChannel").path("DIRECT").asLong()).isZero();
        assertThat(o.path("refused").asLong()).isEqualTo(23);
        assertThat(o.path("onlineRate").decimalValue()).isEqualByComparingTo("100.00");

        JsonNode byProcedure = JSON.readTree(get(onestop(), URI + "&procedure={p}", "2019-05-06", "2019-08-09", AGENCY,
                BenTreFixture.PROCEDURE).getBody());
        assertThat(byProcedure.path("received").path("total").asLong()).isEqualTo(14_168);
        JsonNode otherProcedure = JSON.readTree(get(onestop(), URI + "&procedure={p}", "2019-05-06", "2019-08-09",
                AGENCY, "1.000000").getBody());
        assertThat(otherProcedure.path("received").path("total").asLong()).isZero();
    }

    @Test
    void refusesBadRequests() throws Exception {
        String base = "/api/v1/reports/dossiers";
        for (String query : List.of("?to=2019-08-09", "?from=2019-05-06", "?from=2019-13-01&to=2019-12-31",
                "?from=06/05/2019&to=2019-08-09", "?from=2019-08-09&to=2019-08-08", "?from=2019-01-01&to=2024-01-01",
                "?from=2019-05-06&to=2019-08-09&channel=FAX")) {
            ResponseEntity<String> res = get(onestop(), base + query);
            assertThat(res.getStatusCode().value()).as(query).isEqualTo(400);
            assertThat(res.getHeaders().getContentType().toString()).contains("problem+json");
            JsonNode problem = JSON.readTree(res.getBody());
            assertThat(problem.path("reason").asText()).as(query).isEqualTo("invalid-request");
            assertThat(problem.path("field").asText()).as(query).isNotBlank();
        }
        // five years exactly is allowed
        assertThat(get(onestop(), base + "?from=2019-01-01&to=2023-12-31&agency=" + AGENCY).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void operatorsAndTheOneStopShopMayReadIt() {
        String uri = "/api/v1/reports/dossiers?from=2019-08-01&to=2019-08-31&agency=" + AGENCY;
        assertThat(get(asOperator("viewer"), uri).getStatusCode().value()).isEqualTo(200);
        assertThat(get(asOperator("admin"), uri).getStatusCode().value()).isEqualTo(200);
        assertThat(get(onestop(), uri).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> tax = get(asClient(TAX_KEY), uri);
        assertThat(tax.getStatusCode().value()).isEqualTo(403);
        assertThat(tax.getBody()).contains("\"reason\":\"forbidden\"");
        assertThat(get(anonymous(), uri).getStatusCode().value()).isEqualTo(401);
    }
}
