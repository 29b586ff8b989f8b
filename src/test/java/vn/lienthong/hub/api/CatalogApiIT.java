package vn.lienthong.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;

/**
 * The catalog API over the seeded catalog. Writes use codes of their own (9.9xxxxx, 000.99.xx.H99), removed
 * after each test, because the context and its database are shared with every other integration test.
 */
class CatalogApiIT extends HubIntegrationTest {

    private static final String CODE = "9.900001";
    private static final String AGENCY = "000.99.01.H99";

    @Autowired
    CatalogService catalog;

    @AfterEach
    void removeOwnEntries() {
        jdbc.update("delete from procedure_version where code like '9.9%'");
        jdbc.update("delete from agency where code like '000.99.%'");
        catalog.refresh();
    }

    private static ResponseEntity<JsonNode> get(RestClient client, String uri, Object... vars) {
        return client.get().uri(uri, vars).retrieve().toEntity(JsonNode.class);
    }

    private static ResponseEntity<JsonNode> put(RestClient client, String uri, Object body) {
        return client.put().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(JsonNode.class);
    }

    private static Map<String, Object> procedure(String name, long fee) {
        return Map.of("name", name, "field", "Thử nghiệm", "agencyCode", "000.00.61.H56",
                "timeLimit", Map.of("value", 3, "unit", "WORKING_DAY"), "feeVnd", fee,
                "channels", List.of("DIRECT", "ONLINE"), "postalReturn", true, "fourOnSite", false,
                "steps", List.of(Map.of("order", 1, "partner", "police", "name", "Đăng ký thường trú",
                        "timeLimit", Map.of("value", 1, "unit", "WORKING_DAY"), "kind", "REGISTRATION")),
                "validFrom", "2026-01-01");
    }

    private static List<String> codes(JsonNode page) {
        List<String> codes = new ArrayList<>();
        page.path("content").forEach(p -> codes.add(p.path("code").asText()));
        return codes;
    }

    @Test
    void listsTheSeededCatalogWithInterAgencySteps() {
        ResponseEntity<JsonNode> res = get(onestop(), "/api/v1/procedures");
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        JsonNode content = res.getBody().path("content");
        assertThat(content.size()).isGreaterThanOrEqualTo(60);

        JsonNode birth = null;
        for (JsonNode p : content) {
            if (p.path("code").asText().equals("2.002621")) {
                birth = p;
            }
        }
        assertThat(birth).isNotNull();
        assertThat(birth.path("version").asInt()).isEqualTo(1);
        assertThat(birth.path("agencyCode").asText()).isEqualTo("000.00.61.H56");
        assertThat(birth.path("timeLimit").path("value").asInt()).isEqualTo(3);
        assertThat(birth.path("timeLimit").path("unit").asText()).isEqualTo("WORKING_DAY");
        assertThat(birth.path("feeVnd").isIntegralNumber()).isTrue();
        assertThat(birth.path("interAgency").asBoolean()).isTrue();
        JsonNode steps = birth.path("steps");
        assertThat(steps.size()).isEqualTo(2);
        assertThat(steps.get(0).path("order").asInt()).isEqualTo(1);
        assertThat(steps.get(0).path("partner").asText()).isEqualTo("police");
        assertThat(steps.get(1).path("partner").asText()).isEqualTo("bhxh");
        assertThat(steps.get(1).path("timeLimit").path("unit").asText()).isEqualTo("WORKING_DAY");

        List<String> partners = new ArrayList<>();
        content.forEach(p -> p.path("steps").forEach(s -> partners.add(s.path("partner").asText())));
        assertThat(partners).contains("tax", "police", "bhxh");
    }

    @Test
    void filtersByAgencyAndWords() {
        JsonNode land = get(asOperator("viewer"), "/api/v1/procedures?agency={a}", "000.01.11.H56").getBody();
        assertThat(land.path("content").size()).isPositive();
        land.path("content").forEach(p -> assertThat(p.path("agencyCode").asText()).isEqualTo("000.01.11.H56"));

        JsonNode found = get(onestop(), "/api/v1/procedures?q={q}", "dang ky khai sinh").getBody();
        assertThat(codes(found)).contains("1.001193", "2.002621");
    }

    @Test
    void readsOneProcedureByNationalOrLocalCode() {
        ResponseEntity<JsonNode> byLocal = get(onestop(), "/api/v1/procedures/{c}", "2.000815.H56");
        assertThat(byLocal.getStatusCode().value()).isEqualTo(200);
        assertThat(byLocal.getBody().path("code").asText()).isEqualTo("2.000815");
        assertThat(byLocal.getBody().path("timeLimit").path("unit").asText()).isEqualTo("WORKING_HOUR");

        ResponseEntity<JsonNode> unknown = get(onestop(), "/api/v1/procedures/{c}", "9.999999");
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody().path("reason").asText()).isEqualTo("unknown-procedure");
    }

    @Test
    void onlyAnAdminChangesTheCatalog() {
        Map<String, Object> body = procedure("Thủ tục thử nghiệm", 10_000);
        assertThat(put(asOperator("viewer"), "/api/v1/procedures/" + CODE, body).getStatusCode().value()).isEqualTo(403);
        assertThat(put(asOperator("operator"), "/api/v1/procedures/" + CODE, body).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<JsonNode> asOnestop = put(onestop(), "/api/v1/procedures/" + CODE, body);
        assertThat(asOnestop.getStatusCode().value()).isEqualTo(403);
        assertThat(asOnestop.getBody().path("reason").asText()).isEqualTo("forbidden");
        assertThat(put(anonymous(), "/api/v1/procedures/" + CODE, body).getStatusCode().value()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from procedure_version where code = ?", Long.class, CODE))
                .isZero();

        Map<String, Object> agency = Map.of("name", "Cơ quan thử nghiệm", "validFrom", "2026-01-01");
        assertThat(put(onestop(), "/api/v1/agencies/" + AGENCY, agency).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<JsonNode> created = put(asOperator("admin"), "/api/v1/agencies/" + AGENCY, agency);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(get(onestop(), "/api/v1/agencies/{c}", AGENCY).getBody().path("name").asText())
                .isEqualTo("Cơ quan thử nghiệm");
        assertThat(codes(get(onestop(), "/api/v1/agencies").getBody())).contains(AGENCY, "000.00.61.H56");
        assertThat(get(onestop(), "/api/v1/agencies/{c}", "000.99.98.H99").getBody().path("reason").asText())
                .isEqualTo("unknown-agency");
    }

    @Test
    void aChangeIsANewVersionAndTheOldOneStaysReadable() {
        RestClient admin = asOperator("admin");
        ResponseEntity<JsonNode> created = put(admin, "/api/v1/procedures/" + CODE, procedure("Thủ tục thử nghiệm", 10_000));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody().path("version").asInt()).isEqualTo(1);
        long firstId = created.getBody().path("id").asLong();

        ResponseEntity<JsonNode> again = put(admin, "/api/v1/procedures/" + CODE, procedure("Thủ tục thử nghiệm", 10_000));
        assertThat(again.getStatusCode().value()).as("the same body makes no new version").isEqualTo(200);
        assertThat(again.getBody().path("version").asInt()).isEqualTo(1);

        ResponseEntity<JsonNode> changed = put(admin, "/api/v1/procedures/" + CODE, procedure("Thủ tục thử nghiệm", 20_000));
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getBody().path("version").asInt()).isEqualTo(2);
        assertThat(changed.getBody().path("feeVnd").asLong()).isEqualTo(20_000);

        // the cache is refreshed at once: every reader sees version 2
        assertThat(get(onestop(), "/api/v1/procedures/{c}", CODE).getBody().path("version").asInt()).isEqualTo(2);
        assertThat(catalog.currentProcedure(CODE)).get().extracting(ProcedureVersion::feeVnd).isEqualTo(20_000L);
        assertThat(codes(get(onestop(), "/api/v1/procedures").getBody())).containsOnlyOnce(CODE);

        // dossiers received under version 1 keep it
        assertThat(catalog.procedureVersion(firstId)).get().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.feeVnd()).isEqualTo(10_000);
        });
        JsonNode v1 = get(onestop(), "/api/v1/procedures/{c}/versions/1", CODE).getBody();
        assertThat(v1.path("feeVnd").asLong()).isEqualTo(10_000);
        assertThat(v1.path("current").asBoolean()).isFalse();
        JsonNode versions = get(onestop(), "/api/v1/procedures/{c}/versions", CODE).getBody();
        assertThat(versions.path("content").size()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from procedure_version where code = ? and current",
                Long.class, CODE)).isEqualTo(1);
    }

    @Test
    void refusesInvalidBodiesNamingTheFieldAndWritesNothing() {
        RestClient admin = asOperator("admin");
        Map<String, Object> valid = procedure("Thủ tục thử nghiệm", 0);

        assertRefused(put(admin, "/api/v1/procedures/9.90001", valid), "code");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "agencyCode", "000.00.99.H56")), "agencyCode");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE,
                with(valid, "timeLimit", Map.of("value", 3, "unit", "WORKING_MINUTE"))), "timeLimit.unit");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE,
                with(valid, "timeLimit", Map.of("value", -1, "unit", "WORKING_DAY"))), "timeLimit.value");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE,
                with(valid, "timeLimit", Map.of("value", 0, "unit", "WORKING_HOUR"))), "timeLimit.value");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE,
                with(valid, "timeLimit", Map.of("unit", "WORKING_DAY"))), "timeLimit.value");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "feeVnd", -5)), "feeVnd");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "feeVnd", "free")), "feeVnd");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "channels", List.of())), "channels");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "channels", List.of("FAX"))), "channels[0]");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "validFrom", "2026-02-30")), "validFrom");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "steps", List.of(
                Map.of("order", 1, "partner", "court", "name", "Xét xử",
                        "timeLimit", Map.of("value", 1, "unit", "WORKING_DAY"), "kind", "REGISTRATION")))),
                "steps[0].partner");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, with(valid, "steps", List.of(
                Map.of("order", 2, "partner", "police", "name", "Đăng ký thường trú",
                        "timeLimit", Map.of("value", 1, "unit", "WORKING_DAY"), "kind", "REGISTRATION")))),
                "steps[0].order");
        Map<String, Object> noName = new java.util.HashMap<>(valid);
        noName.remove("name");
        assertRefused(put(admin, "/api/v1/procedures/" + CODE, noName), "name");
        assertRefused(put(admin, "/api/v1/agencies/000.99.01.H99",
                Map.of("name", "Cơ quan", "partner", "court", "validFrom", "2026-01-01")), "partner");
        assertRefused(put(admin, "/api/v1/agencies/H99", Map.of("name", "Cơ quan", "validFrom", "2026-01-01")), "code");

        ResponseEntity<JsonNode> malformed = admin.put().uri("/api/v1/procedures/" + CODE)
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\": ").retrieve().toEntity(JsonNode.class);
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getBody().path("reason").asText()).isEqualTo("malformed-json");

        assertThat(jdbc.queryForObject("select count(*) from procedure_version where code like '9.9%'", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from agency where code like '000.99.%' or code = 'H99'",
                Long.class)).isZero();
        assertThat(catalog.currentProcedure(CODE)).isEmpty();
    }

    @Test
    void aLocalCodeBelongsToOneProcedure() {
        Map<String, Object> body = with(procedure("Thủ tục thử nghiệm", 0), "localCode", "2.000815.H56");
        assertRefused(put(asOperator("admin"), "/api/v1/procedures/" + CODE, body), "localCode");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static void assertRefused(ResponseEntity<JsonNode> res, String field) {
        assertThat(res.getStatusCode().value()).as("status of %s", res.getBody()).isEqualTo(400);
        assertThat(res.getBody().path("reason").asText()).isEqualTo("invalid-request");
        List<String> fields = new ArrayList<>();
        res.getBody().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).as("fields of %s", res.getBody()).contains(field);
        assertThat(res.getBody().path("detail").asText()).contains(field);
    }
}
