package vn.lienthong.hub.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import vn.lienthong.hub.HubIntegrationTest;

/**
 * The one-stop-shop API over the dossier store (schemas/openapi/hub-api.yaml). The context and its database are
 * shared with every other integration test, so each test makes its own dossiers and uses fresh event ids and
 * idempotency keys.
 */
class DossierApiIT extends HubIntegrationTest {

    static final String CODE_PATTERN = "^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$";
    /** Giấy xác nhận tình trạng hôn nhân: 3 working days, DIRECT/POSTAL/ONLINE, result by post allowed. */
    static final String PROCEDURE = "1.004873";
    static final String AGENCY = "000.00.61.H56";
    /** Yêu cầu trợ giúp pháp lý (Sở Tư pháp): same day, all channels; used by the search tests. */
    static final String SEARCH_PROCEDURE = "2.000829";
    static final String SEARCH_AGENCY = "000.00.03.H56";
    /** Nuôi con nuôi trong nước: DIRECT only, no result by post. */
    static final String DIRECT_ONLY = "2.001263";

    static Map<String, Object> applicant() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fullName", "Nguyễn Văn An");
        a.put("idNumber", "038090001234");
        a.put("phone", "0912345678");
        a.put("email", "an@example.vn");
        a.put("address", "Phường Hạc Thành, Thanh Hóa");
        return a;
    }

    static Map<String, Object> body(String procedure, String channel) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("procedureCode", procedure);
        b.put("applicant", applicant());
        b.put("channel", channel);
        b.put("returnMethod", "COUNTER");
        return b;
    }

    static ResponseEntity<JsonNode> post(RestClient client, String uri, Object body, String idempotencyKey) {
        RestClient.RequestBodySpec spec = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.body(body).retrieve().toEntity(JsonNode.class);
    }

    static ResponseEntity<JsonNode> get(RestClient client, String uri, Object... vars) {
        return client.get().uri(uri, vars).retrieve().toEntity(JsonNode.class);
    }

    JsonNode create(String procedure, String channel) {
        ResponseEntity<JsonNode> res = post(onestop(), "/api/v1/dossiers", body(procedure, channel), null);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
        return res.getBody();
    }

    static Map<String, Object> event(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("type", type);
        return e;
    }

    ResponseEntity<JsonNode> apply(String code, Map<String, Object> event) {
        return post(onestop(), "/api/v1/dossiers/{code}/events".replace("{code}", code), event, null);
    }

    JsonNode applyOk(String code, Map<String, Object> event) {
        ResponseEntity<JsonNode> res = apply(code, event);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
        return res.getBody();
    }

    JsonNode dossier(String code) {
        ResponseEntity<JsonNode> res = get(onestop(), "/api/v1/dossiers/{code}", code);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        return res.getBody();
    }

    static void assertProblem(ResponseEntity<JsonNode> res, int status, String reason) {
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(status);
        assertThat(res.getBody().path("reason").asText()).as(String.valueOf(res.getBody())).isEqualTo(reason);
    }

    long outboxRows(String code) {
        return jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type not in "
                + "('DUE_SOON', 'OVERDUE', 'STEP_AT_RISK')", Long.class, code);
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    /** Intake rows (the deadline scanner may add notices to the outbox at any time; they are not counted). */
    long intakes(String table) {
        return jdbc.queryForObject("select count(*) from " + table + " where type in ('RECEIVE', 'SUBMIT')", Long.class);
    }

    long historyLines(String eventId) {
        return jdbc.queryForObject("select count(*) from dossier_history where event_id = ?", Long.class, eventId);
    }

    // ---- intake ----------------------------------------------------------------------------------------------

    /**
     * The intake writes a dossier's row by JDBC (IntakeWriter.INSERT_DOSSIER): its columns must be every column the
     * entity maps, and each value must land in the column the entity reads it from. Read back by JPA, the stored
     * dossier gives, column by column, the values the row holds.
     */
    @Test
    void aRegisteredDossierIsStoredAsTheEntityMapsIt(@Autowired EntityManagerFactory emf) {
        AbstractEntityPersister persister = (AbstractEntityPersister) emf.unwrap(SessionFactoryImplementor.class)
                .getMappingMetamodel().getEntityDescriptor(Dossier.class);
        List<String> mapped = new ArrayList<>(List.of(persister.getIdentifierColumnNames()));
        persister.forEachSelectable((i, column) -> {
            if (column.getContainingTableExpression().equals("dossier")) {
                mapped.add(column.getSelectionExpression());
            }
        });
        String insert = IntakeWriter.INSERT_DOSSIER;
        List<String> written = List.of(insert.substring(insert.indexOf('(') + 1, insert.indexOf(')')).split(",\\s*"));
        assertThat(written).containsExactlyInAnyOrderElementsOf(mapped);

        Map<String, Object> b = body(SEARCH_PROCEDURE, "ONLINE");
        b.put("submittedAt", Instant.now().minusSeconds(600).toString());
        b.put("feesVnd", 150000);
        b.put("fourOnSite", true);
        String code = post(onestop(), "/api/v1/dossiers", b, null).getBody().path("code").asText();
        EntityManager em = emf.createEntityManager();
        try {
            Long id = jdbc.queryForObject("select id from dossier where code = ?", Long.class, code);
            Object[] fromEntity = IntakeWriter.columns(em.find(Dossier.class, id));
            Map<String, Object> row = jdbc.queryForMap("select " + String.join(", ", written) + " from dossier where id = ?", id);
            for (int i = 0; i < written.size(); i++) {
                Object stored = row.get(written.get(i));
                Object expected = fromEntity[i];
                if (stored instanceof java.sql.Timestamp t) {
                    stored = t.toInstant();
                    expected = ((java.time.OffsetDateTime) expected).toInstant();
                } else if (stored instanceof Number n && expected instanceof Number e) {
                    stored = n.longValue();
                    expected = e.longValue();
                } else if (stored instanceof String str) {
                    stored = str.strip(); // bpchar
                }
                assertThat(stored).as("column %s", written.get(i)).isEqualTo(expected);
            }
        } finally {
            em.close();
        }
        JsonNode d = dossier(code);
        assertThat(d.path("applicant").path("phone").asText()).isEqualTo("0912345678");
        assertThat(d.path("applicant").path("email").asText()).isEqualTo("an@example.vn");
        assertThat(d.path("feesVnd").asLong()).isEqualTo(150000);
    }


    /**
     * The batches of changes read and write dossiers by JDBC (DossierRows): it reads the entity's columns in the order
     * {@code Dossier.fromRow} maps them, and its update writes every column the entity lets Hibernate update. A
     * dossier changed through the API (two pauses, one ended and one open) then reads the same by JDBC as by
     * Hibernate, field by field, its pauses and its version included.
     */
    @Test
    void aDossierChangedInABatchIsStoredAsTheEntityMapsIt(@Autowired EntityManagerFactory emf, @Autowired DossierRows rows)
            throws IllegalAccessException {
        String insert = IntakeWriter.INSERT_DOSSIER;
        List<String> inserted = List.of(insert.substring(insert.indexOf('(') + 1, insert.indexOf(')')).split(",\\s*"));
        assertThat(Dossier.COLUMN_NAMES).containsExactlyElementsOf(inserted);
        List<String> updatable = new ArrayList<>();
        for (Field f : Dossier.class.getDeclaredFields()) {
            Column column = f.getAnnotation(Column.class);
            if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(Id.class) || f.isAnnotationPresent(ElementCollection.class)
                    || column != null && !column.updatable()) {
                continue;
            }
            updatable.add(column != null && !column.name().isEmpty() ? column.name() : f.getName());
        }
        String update = DossierRows.UPDATE;
        List<String> set = new ArrayList<>();
        for (String assignment : update.substring(update.indexOf(" set ") + 5, update.indexOf("where")).split(",")) {
            set.add(assignment.strip().replaceAll("\\s*=\\s*\\?$", ""));
        }
        assertThat(set).containsExactlyInAnyOrderElementsOf(updatable);

        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        applyOk(code, event("START"));
        Map<String, Object> supplement = event("REQUEST_SUPPLEMENT");
        supplement.put("reason", "thiếu bản sao CCCD");
        applyOk(code, supplement);
        applyOk(code, event("SUPPLEMENT_RECEIVED"));
        Map<String, Object> payment = event("REQUEST_PAYMENT");
        payment.put("reason", "lệ phí cấp giấy");
        JsonNode last = applyOk(code, payment);
        assertThat(last.path("version").asLong()).isEqualTo(4);
        Long id = jdbc.queryForObject("select id from dossier where code = ?", Long.class, code);
        EntityManager em = emf.createEntityManager();
        try {
            Dossier byHibernate = em.find(Dossier.class, id);
            Dossier byJdbc = rows.byCodes(List.of(code)).get(0);
            for (Field f : Dossier.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("pauses")) {
                    continue;
                }
                f.setAccessible(true);
                assertThat(f.get(byJdbc)).as(f.getName()).isEqualTo(f.get(byHibernate));
            }
            assertThat(byJdbc.getVersion()).isEqualTo(4);
            assertThat(byJdbc.getPauses()).hasSize(2).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(byHibernate.getPauses());
            assertThat(byJdbc.getPauses().get(0).getEndedAt()).isNotNull();
            assertThat(byJdbc.getPauses().get(1).getEndedAt()).isNull();
        } finally {
            em.close();
        }
    }

    /** A dossier that changed after a batch read it is not overwritten: the write fails and changes nothing. */
    @Test
    void aBatchDoesNotOverwriteADossierThatChangedSinceItWasRead(@Autowired DossierRows rows) {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        DossierRows.Read read = rows.lock(List.of(code)).get(0);
        new Lifecycle(null).apply(read.dossier, new DossierCommand(UUID.randomUUID().toString(), EventType.REQUEST_PAYMENT,
                null, "test", "test", "lệ phí cấp giấy", null, null), null, Instant.now());
        assertThat(read.dossier.getPauses()).hasSize(1);
        jdbc.update("update dossier set version = version + 1 where code = ?", code);

        assertThatThrownBy(() -> rows.write(List.of(read))).isInstanceOf(OptimisticLockingFailureException.class)
                .hasMessageContaining(code);
        assertThat(jdbc.queryForObject("select status from dossier where code = ?", String.class, code)).isEqualTo("RECEIVED");
        assertThat(jdbc.queryForObject("select count(*) from dossier_pause p join dossier d on d.id = p.dossier_id where d.code = ?",
                Integer.class, code)).isZero();
    }

    @Test
    void createdAtTheCounterIsReceivedWithACodeAndADueDate() {
        Instant before = Instant.now();
        ResponseEntity<JsonNode> res = post(onestop(), "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null);

        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
        JsonNode d = res.getBody();
        String code = d.path("code").asText();
        assertThat(code).matches(CODE_PATTERN).startsWith(AGENCY + "-");
        assertThat(res.getHeaders().getLocation()).hasToString("/api/v1/dossiers/" + code);
        // written by JsonExchange: JSON with its length (not chunked), and the security chain's headers still on it
        assertThat(res.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(res.getHeaders().getContentLength()).isPositive();
        assertThat(res.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(d.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(d.path("dvcqgStatus").asInt()).isEqualTo(2);
        assertThat(d.path("procedureCode").asText()).isEqualTo(PROCEDURE);
        assertThat(d.path("channel").asText()).isEqualTo("DIRECT");
        Instant receivedAt = Instant.parse(d.path("receivedAt").asText());
        assertThat(receivedAt).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        Instant dueAt = Instant.parse(d.path("dueAt").asText());
        assertThat(dueAt).isAfter(receivedAt);
        assertThat(d.path("originalDueAt").asText()).isEqualTo(d.path("dueAt").asText());
        assertThat(d.path("applicant").path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(d.path("feesVnd").asLong()).isEqualTo(5000); // the catalog's fee when none is given
        assertThat(d.path("allowedEvents")).isNotEmpty();

        JsonNode history = d.path("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("type").asText()).isEqualTo("RECEIVE");
        assertThat(history.get(0).path("toStatus").asText()).isEqualTo("RECEIVED");
        assertThat(history.get(0).path("formIssued").asText()).isEqualTo("01");
        assertThat(history.get(0).path("actor").asText()).isEqualTo("onestop");
        assertThat(history.get(0).path("channel").asText()).isEqualTo("DIRECT");

        assertThat(dossier(code).path("code").asText()).isEqualTo(code);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameDossier() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body(PROCEDURE, "DIRECT");
        long dossiers = count("dossier");

        ResponseEntity<JsonNode> first = post(onestop(), "/api/v1/dossiers", body, key);
        ResponseEntity<JsonNode> again = post(onestop(), "/api/v1/dossiers", body, key);

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().path("code").asText()).isEqualTo(first.getBody().path("code").asText());
        assertThat(again.getBody().path("history")).hasSize(1);
        assertThat(count("dossier")).isEqualTo(dossiers + 1);

        Map<String, Object> other = body(PROCEDURE, "DIRECT");
        other.put("feesVnd", 0);
        ResponseEntity<JsonNode> reused = post(onestop(), "/api/v1/dossiers", other, key);
        assertProblem(reused, 409, "idempotency-key-reused");
        assertThat(count("dossier")).isEqualTo(dossiers + 1);
    }

    @Test
    void intakesSentTogetherAreEachWrittenOnceAndARacingKeyFailsNoneOfTheOthers() throws Exception {
        // counters registering at the same moment: their intakes share transactions (IntakeWriter); six of them
        // carry the same Idempotency-Key, which only one may write, and that conflict must not fail the others
        String key = UUID.randomUUID().toString();
        Map<String, Object> keyed = body(PROCEDURE, "DIRECT");
        long dossiers = count("dossier");
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<ResponseEntity<JsonNode>>> plain = new ArrayList<>();
        List<Future<ResponseEntity<JsonNode>>> racing = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 30; i++) {
                boolean withKey = i % 5 == 0;
                Future<ResponseEntity<JsonNode>> f = pool.submit(() -> {
                    go.await();
                    return withKey ? post(onestop(), "/api/v1/dossiers", keyed, key)
                            : post(onestop(), "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null);
                });
                (withKey ? racing : plain).add(f);
            }
            go.countDown();
            Set<String> codes = new HashSet<>();
            for (Future<ResponseEntity<JsonNode>> f : plain) {
                ResponseEntity<JsonNode> res = f.get(120, TimeUnit.SECONDS);
                assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
                codes.add(res.getBody().path("code").asText());
            }
            Set<String> keyedCodes = new HashSet<>();
            int createdWithKey = 0;
            for (Future<ResponseEntity<JsonNode>> f : racing) {
                ResponseEntity<JsonNode> res = f.get(120, TimeUnit.SECONDS);
                assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isIn(200, 201);
                createdWithKey += res.getStatusCode().value() == 201 ? 1 : 0;
                keyedCodes.add(res.getBody().path("code").asText());
            }
            assertThat(codes).hasSize(24);
            assertThat(keyedCodes).hasSize(1).doesNotContainAnyElementsOf(codes);
            assertThat(createdWithKey).isEqualTo(1);
            codes.addAll(keyedCodes);
            for (String code : codes) {
                JsonNode d = dossier(code);
                assertThat(d.path("history")).hasSize(1);
                assertThat(outboxRows(code)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("dossier")).isEqualTo(dossiers + 25);
    }

    @Test
    void pastTheDaysLastReceiptNumberIntakesAreRefusedAndWriteNothing() throws Exception {
        // a day of its own (received then, registered late), its counter two numbers short of the 9,999
        Instant receivedAt = Instant.parse("2026-01-05T02:00:00Z");
        jdbc.update("insert into dossier_sequence (agency_code, day, last_value) values (?, ?, 9997)", AGENCY,
                java.time.LocalDate.of(2026, 1, 5));
        long dossiers = count("dossier");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    Map<String, Object> b = body(PROCEDURE, "DIRECT");
                    b.put("receivedAt", receivedAt.toString());
                    return post(onestop(), "/api/v1/dossiers", b, null);
                }));
            }
            go.countDown();
            Set<String> codes = new HashSet<>();
            int refused = 0;
            for (Future<ResponseEntity<JsonNode>> f : answers) {
                ResponseEntity<JsonNode> res = f.get(120, TimeUnit.SECONDS);
                if (res.getStatusCode().value() == 201) {
                    codes.add(res.getBody().path("code").asText());
                } else {
                    assertProblem(res, 422, "sequence-exhausted");
                    refused++;
                }
            }
            assertThat(codes).containsExactlyInAnyOrder(AGENCY + "-260105-9998", AGENCY + "-260105-9999");
            assertThat(refused).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("dossier")).isEqualTo(dossiers + 2);
    }

    @Test
    void invalidRequestsAreRefusedWithAReasonAndWriteNothing() {
        record Case(String name, String json, int status, String reason) {
        }
        String valid = """
                {"procedureCode":"%s","channel":"DIRECT","returnMethod":"COUNTER",
                 "applicant":{"fullName":"Nguyễn Văn An","idNumber":"%s"}%s}""";
        List<Case> cases = List.of(
                new Case("missing applicant", """
                        {"procedureCode":"1.004873","channel":"DIRECT","returnMethod":"COUNTER"}""", 400, "invalid-request"),
                new Case("idNumber not 12 digits", valid.formatted(PROCEDURE, "12345", ""), 400, "invalid-request"),
                new Case("idNumber without a province code", valid.formatted(PROCEDURE, "003090001234", ""), 400,
                        "invalid-request"),
                new Case("unknown field", valid.formatted(PROCEDURE, "038090001234", ",\"priority\":\"high\""), 400,
                        "invalid-request"),
                new Case("wrong enum", valid.formatted(PROCEDURE, "038090001234", "").replace("DIRECT", "FAX"), 400,
                        "invalid-request"),
                new Case("malformed JSON", "{\"procedureCode\": \"1.004873\", \"applicant\": {", 400, "malformed-json"),
                new Case("not an object", "[1, 2]", 400, "invalid-request"),
                new Case("receipt in the future", valid.formatted(PROCEDURE, "038090001234",
                        ",\"receivedAt\":\"" + Instant.now().plusSeconds(3600) + "\""), 400, "invalid-request"),
                new Case("negative fee", valid.formatted(PROCEDURE, "038090001234", ",\"feesVnd\":-1"), 400,
                        "invalid-request"),
                new Case("unknown procedure", valid.formatted("9.999999", "038090001234", ""), 422, "unknown-procedure"),
                new Case("channel the procedure does not take", valid.formatted(DIRECT_ONLY, "038090001234", "")
                        .replace("DIRECT", "ONLINE"), 422, "channel-not-allowed"),
                new Case("result by post not offered", valid.formatted(DIRECT_ONLY, "038090001234", "")
                        .replace("COUNTER", "POSTAL"), 422, "postal-return-not-allowed"));

        for (Case c : cases) {
            long dossiers = count("dossier");
            long history = intakes("dossier_history");
            long outbox = intakes("outbox");
            long keys = count("idempotency_key");
            String key = UUID.randomUUID().toString();
            ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", key).body(c.json()).retrieve().toEntity(JsonNode.class);

            assertThat(res.getStatusCode().value()).as(c.name() + ": " + res.getBody()).isEqualTo(c.status());
            assertThat(res.getBody().path("reason").asText()).as(c.name() + ": " + res.getBody()).isEqualTo(c.reason());
            assertThat(res.getBody().path("detail").asText()).as(c.name()).isNotBlank();
            assertThat(count("dossier")).as(c.name()).isEqualTo(dossiers);
            assertThat(intakes("dossier_history")).as(c.name()).isEqualTo(history);
            assertThat(intakes("outbox")).as(c.name()).isEqualTo(outbox);
            assertThat(count("idempotency_key")).as(c.name()).isEqualTo(keys);
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Test
    void aFullLifeWithItsHistory() {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();

        applyOk(code, event("START"));
        Map<String, Object> supplement = event("REQUEST_SUPPLEMENT");
        supplement.put("actor", "Lê Thị Bình");
        supplement.put("reason", "thiếu bản sao CCCD");
        JsonNode paused = applyOk(code, supplement);
        assertThat(paused.path("status").asText()).isEqualTo("SUPPLEMENT_REQUESTED");
        assertThat(paused.path("dvcqgStatus").asInt()).isEqualTo(5);
        assertThat(paused.path("pausedSince").isNull()).isFalse();
        assertThat(paused.path("allowedEvents")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("SUPPLEMENT_RECEIVED", "REQUEST_WITHDRAWAL", "STOP");
        applyOk(code, event("SUPPLEMENT_RECEIVED"));
        JsonNode resolved = applyOk(code, event("RESOLVE"));
        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.path("dvcqgStatus").asInt()).isEqualTo(9);
        assertThat(resolved.path("endedAt").isNull()).isFalse();
        assertThat(resolved.path("timeliness").asText()).isIn("EARLY", "ON_TIME");
        ResponseEntity<JsonNode> answer = apply(code, event("RETURN"));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getHeaders().getContentLength()).isPositive();
        JsonNode returned = answer.getBody();
        assertThat(returned.path("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.path("dvcqgStatus").asInt()).isEqualTo(10);
        assertThat(returned.path("endedAt").asText()).isEqualTo(resolved.path("endedAt").asText());
        assertThat(returned.path("allowedEvents")).isEmpty();

        JsonNode d = dossier(code);
        List<String> lines = new ArrayList<>();
        for (JsonNode h : d.path("history")) {
            lines.add(h.path("type").asText() + ":" + h.path("fromStatus").asText(null) + ">" + h.path("toStatus").asText()
                    + ":" + h.path("formIssued").asText(null));
        }
        assertThat(lines).containsExactly(
                "RECEIVE:null>RECEIVED:01",
                "START:RECEIVED>IN_PROGRESS:null",
                "REQUEST_SUPPLEMENT:IN_PROGRESS>SUPPLEMENT_REQUESTED:02",
                "SUPPLEMENT_RECEIVED:SUPPLEMENT_REQUESTED>IN_PROGRESS:null",
                "RESOLVE:IN_PROGRESS>RESOLVED:null",
                "RETURN:RESOLVED>RETURNED:null");
        JsonNode request = d.path("history").get(2);
        assertThat(request.path("actor").asText()).isEqualTo("Lê Thị Bình");
        assertThat(request.path("client").asText()).isEqualTo("onestop");
        assertThat(request.path("reason").asText()).isEqualTo("thiếu bản sao CCCD");
        assertThat(request.path("eventId").asText()).isEqualTo(supplement.get("eventId"));
        assertThat(d.path("history").get(1).path("actor").asText()).isEqualTo("onestop"); // no actor given: the client
        assertThat(d.path("supplementRequests").asInt()).isEqualTo(1);
        assertThat(d.path("pauses")).hasSize(1);
        assertThat(d.path("pauses").get(0).path("kind").asText()).isEqualTo("SUPPLEMENT");
        assertThat(d.path("pauses").get(0).path("endedAt").isNull()).isFalse();
        List<Instant> times = new ArrayList<>();
        d.path("history").forEach(h -> times.add(Instant.parse(h.path("at").asText())));
        assertThat(times).isSorted();
    }

    @Test
    void anIllegalEventIsRefusedAndLeavesNoTrace() {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        JsonNode before = dossier(code);
        long outbox = outboxRows(code);

        Map<String, Object> ret = event("RETURN");
        ResponseEntity<JsonNode> res = apply(code, ret);

        assertProblem(res, 409, "illegal-transition");
        JsonNode after = dossier(code);
        assertThat(after.path("history")).isEqualTo(before.path("history"));
        assertThat(after.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong());
        assertThat(historyLines((String) ret.get("eventId"))).isZero();
        assertThat(outboxRows(code)).isEqualTo(outbox);

        ResponseEntity<JsonNode> unknownDossier = apply(AGENCY + "-991231-9999", event("START"));
        assertProblem(unknownDossier, 404, "unknown-dossier");
        Map<String, Object> badAgency = event("TRANSFER");
        badAgency.put("toAgency", "000.99.99.H99");
        assertProblem(apply(code, badAgency), 409, "unknown-agency");
        Map<String, Object> unknownType = event("REOPEN");
        assertProblem(apply(code, unknownType), 400, "invalid-request");
        assertThat(dossier(code).path("history")).isEqualTo(before.path("history"));
    }

    @Test
    void theSameEventTwiceIsAppliedOnce() {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        Map<String, Object> start = event("START");

        JsonNode first = applyOk(code, start);
        JsonNode again = applyOk(code, start);

        assertThat(again.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(again.path("version").asLong()).isEqualTo(first.path("version").asLong());
        assertThat(again.path("history")).isEqualTo(first.path("history"));
        assertThat(historyLines((String) start.get("eventId"))).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from outbox where event_id = ?", Long.class,
                start.get("eventId"))).isEqualTo(1);
    }

    @Test
    void theSameEventSentConcurrentlyIsAppliedOnce() throws Exception {
        // a client that times out and retries while the first attempt is still running
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        Map<String, Object> start = event("START");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return apply(code, start);
                }));
            }
            go.countDown();
            for (Future<ResponseEntity<JsonNode>> f : answers) {
                ResponseEntity<JsonNode> res = f.get(120, TimeUnit.SECONDS);
                assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
                assertThat(res.getBody().path("status").asText()).isEqualTo("IN_PROGRESS");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(historyLines((String) start.get("eventId"))).isEqualTo(1);
        assertThat(dossier(code).path("history")).hasSize(2);
    }

    @Test
    void anEventIdUsedForAnotherDossierIsRefused() {
        String first = create(PROCEDURE, "DIRECT").path("code").asText();
        String second = create(PROCEDURE, "DIRECT").path("code").asText();
        Map<String, Object> start = event("START");
        applyOk(first, start);

        assertProblem(apply(second, start), 409, "event-id-reused");
        assertThat(dossier(second).path("status").asText()).isEqualTo("RECEIVED");
        assertThat(historyLines((String) start.get("eventId"))).isEqualTo(1);
    }

    @Test
    void eventsOfManyDossiersSentTogetherAreEachAppliedOrRefusedAlone() throws Exception {
        // counters moving many dossiers at once: their events share transactions (ChangeWriter); an illegal one, an
        // unknown dossier and an event id used twice must each be refused alone, the others applied
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            codes.add(create(PROCEDURE, "DIRECT").path("code").asText());
        }
        String reused = UUID.randomUUID().toString();
        record Sent(String code, Map<String, Object> event, int status, String reason) {
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sent.add(new Sent(codes.get(i), event("START"), 200, null));
        }
        sent.add(new Sent(codes.get(16), event("RETURN"), 409, "illegal-transition"));
        sent.add(new Sent("000.00.61.H56-991231-9999", event("START"), 404, null));
        Map<String, Object> first = event("START");
        first.put("eventId", reused);
        sent.add(new Sent(codes.get(17), first, 200, null));
        Map<String, Object> second = event("START");
        second.put("eventId", reused);
        sent.add(new Sent(codes.get(18), second, 409, "event-id-reused"));
        sent.add(new Sent(codes.get(19), event("START"), 200, null));
        ExecutorService pool = Executors.newFixedThreadPool(sent.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Sent s = sent.get(i);
                // the reused event id: its first use goes out first, so which one is refused is known
                boolean after = i == sent.size() - 2;
                answers.add(pool.submit(() -> {
                    go.await();
                    if (after) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> historyLines(reused) == 1);
                    }
                    return apply(s.code(), s.event());
                }));
            }
            go.countDown();
            for (int i = 0; i < sent.size(); i++) {
                ResponseEntity<JsonNode> res = answers.get(i).get(120, TimeUnit.SECONDS);
                Sent s = sent.get(i);
                if (s.reason() != null) {
                    assertProblem(res, s.status(), s.reason());
                } else {
                    assertThat(res.getStatusCode().value()).as(s + " " + res.getBody()).isEqualTo(s.status());
                }
                if (s.status() == 200) {
                    assertThat(res.getBody().path("status").asText()).isEqualTo("IN_PROGRESS");
                    assertThat(res.getBody().path("history")).hasSize(2);
                    assertThat(historyLines((String) s.event().get("eventId"))).isEqualTo(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(applyOk(codes.get(19), event("RESOLVE")).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(dossier(codes.get(16)).path("history")).hasSize(1);
        assertThat(outboxRows(codes.get(16))).isEqualTo(1);
        assertThat(dossier(codes.get(18)).path("history")).hasSize(1);
        for (int i : new int[] {0, 15, 17, 19}) {
            assertThat(outboxRows(codes.get(i))).as(codes.get(i)).isEqualTo(i == 19 ? 3 : 2);
        }
    }

    @Test
    void concurrentTransfersByTwoOfficersAreAllRecorded() throws Exception {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        long version = applyOk(code, event("START")).path("version").asLong();

        int perOfficer = 30; // enough concurrent events for two change writers to wait on one dossier's lock
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 2 * perOfficer; i++) {
            Map<String, Object> e = event("TRANSFER");
            boolean officerA = i % 2 == 0;
            e.put("actor", officerA ? "officer-a" : "officer-b");
            e.put("toAgency", officerA ? "000.00.62.H56" : AGENCY);
            events.add(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(events.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
            for (Map<String, Object> e : events) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return apply(code, e);
                }));
            }
            go.countDown();
            for (Future<ResponseEntity<JsonNode>> f : answers) {
                ResponseEntity<JsonNode> res = f.get(120, TimeUnit.SECONDS);
                assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode d = dossier(code);
        List<String> ids = new ArrayList<>();
        d.path("history").forEach(h -> ids.add(h.path("eventId").asText()));
        assertThat(ids).containsAll(events.stream().map(e -> (String) e.get("eventId")).toList());
        assertThat(ids).hasSize(2 + events.size()).doesNotHaveDuplicates();
        assertThat(d.path("version").asLong()).isEqualTo(version + events.size());
        assertThat(d.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(d.path("subState").asText()).isEqualTo("TRANSFERRED");
        // the agency is the one of the last transfer in the history
        JsonNode last = d.path("history").get(d.path("history").size() - 1);
        String lastId = last.path("eventId").asText();
        String lastAgency = (String) events.stream().filter(e -> e.get("eventId").equals(lastId)).findFirst().orElseThrow()
                .get("toAgency");
        assertThat(d.path("currentAgency").asText()).isEqualTo(lastAgency);
        assertThat(jdbc.queryForObject("select count(*) from outbox where dossier_code = ? and type = 'TRANSFER'",
                Long.class, code)).isEqualTo(events.size());
    }

    // ---- search and look-up ----------------------------------------------------------------------------------

    @Test
    void searchFiltersByStatusChannelAndAgencyAndPages() {
        String direct1 = create(SEARCH_PROCEDURE, "DIRECT").path("code").asText();
        String online = create(SEARCH_PROCEDURE, "ONLINE").path("code").asText();
        String direct2 = create(SEARCH_PROCEDURE, "DIRECT").path("code").asText();
        applyOk(direct2, event("START"));
        String elsewhere = create(PROCEDURE, "ONLINE").path("code").asText();

        JsonNode byChannel = get(onestop(), "/api/v1/dossiers?agency={a}&channel=ONLINE&size=500", SEARCH_AGENCY).getBody();
        assertThat(codes(byChannel)).contains(online).doesNotContain(direct1, direct2, elsewhere);
        byChannel.path("content").forEach(c -> {
            assertThat(c.path("channel").asText()).isEqualTo("ONLINE");
            assertThat(c.path("agencyCode").asText()).isEqualTo(SEARCH_AGENCY);
        });

        JsonNode byStatus = get(onestop(), "/api/v1/dossiers?agency={a}&status=IN_PROGRESS&size=500", SEARCH_AGENCY)
                .getBody();
        assertThat(codes(byStatus)).contains(direct2).doesNotContain(direct1, online);
        byStatus.path("content").forEach(c -> {
            assertThat(c.path("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(c.path("dvcqgStatus").asInt()).isEqualTo(4);
        });

        JsonNode byProcedure = get(onestop(), "/api/v1/dossiers?procedure={p}&status=RECEIVED&size=500", SEARCH_PROCEDURE)
                .getBody();
        assertThat(codes(byProcedure)).contains(direct1, online).doesNotContain(direct2, elsewhere);

        // newest first: the three dossiers of the agency made above are its three most recent ones
        JsonNode page0 = get(onestop(), "/api/v1/dossiers?agency={a}&size=2&page=0", SEARCH_AGENCY).getBody();
        JsonNode page1 = get(onestop(), "/api/v1/dossiers?agency={a}&size=2&page=1", SEARCH_AGENCY).getBody();
        assertThat(codes(page0)).containsExactly(direct2, online);
        assertThat(codes(page1)).startsWith(direct1).hasSizeBetween(1, 2);
        assertThat(page0.path("page").asInt()).isZero();
        assertThat(page0.path("size").asInt()).isEqualTo(2);
        long total = page0.path("totalElements").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3).isEqualTo(page1.path("totalElements").asLong());
        assertThat(total).isEqualTo(jdbc.queryForObject("select count(*) from dossier where agency_code = ?", Long.class,
                SEARCH_AGENCY));

        assertProblem(get(onestop(), "/api/v1/dossiers?status=LOST"), 400, "invalid-request");
        assertProblem(get(onestop(), "/api/v1/dossiers?size=0"), 400, "invalid-request");
        assertProblem(get(onestop(), "/api/v1/dossiers?size=501"), 400, "invalid-request");
        assertProblem(get(onestop(), "/api/v1/dossiers?receivedFrom=yesterday"), 400, "invalid-request");
    }

    static List<String> codes(JsonNode page) {
        List<String> codes = new ArrayList<>();
        page.path("content").forEach(c -> codes.add(c.path("code").asText()));
        return codes;
    }

    @Test
    void thePublicSeesStatusAndDueDateButNoPersonalData() {
        JsonNode created = create(PROCEDURE, "DIRECT");
        String code = created.path("code").asText();

        ResponseEntity<JsonNode> res = get(anonymous(), "/api/v1/public/dossiers/{code}", code);

        assertThat(res.getStatusCode().value()).isEqualTo(200);
        JsonNode p = res.getBody();
        assertThat(p.path("code").asText()).isEqualTo(code);
        assertThat(p.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(p.path("dvcqgStatus").asInt()).isEqualTo(2);
        assertThat(p.path("dueAt").asText()).isEqualTo(created.path("dueAt").asText());
        assertThat(p.path("procedureName").asText()).isNotBlank();
        assertThat(p.has("applicant")).isFalse();
        assertThat(p.has("history")).isFalse();
        String text = p.toString();
        assertThat(text).doesNotContain("Nguyễn Văn An", "038090001234", "0912345678", "an@example.vn", "Hạc Thành",
                "onestop");

        assertProblem(get(anonymous(), "/api/v1/public/dossiers/{code}", AGENCY + "-991231-9999"), 404, "unknown-dossier");
        assertThat(get(anonymous(), "/api/v1/dossiers/{code}", code).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void operatorsAndSystemsMayOnlyDoWhatTheirRoleAllows() {
        String code = create(PROCEDURE, "DIRECT").path("code").asText();
        long dossiers = count("dossier");

        RestClient viewer = asOperator("viewer");
        // a VIEWER lists dossiers (no personal data) but opens none: the applicant is masked for it on the console only
        assertProblem(get(viewer, "/api/v1/dossiers/{code}", code), 403, "forbidden");
        assertThat(get(asOperator("operator"), "/api/v1/dossiers/{code}", code).getStatusCode().value()).isEqualTo(200);
        assertThat(get(viewer, "/api/v1/dossiers?agency={a}&size=1", AGENCY).getStatusCode().value()).isEqualTo(200);
        assertProblem(post(viewer, "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null), 403, "forbidden");
        assertProblem(post(viewer, "/api/v1/dossiers/" + code + "/events", event("START"), null), 403, "forbidden");

        RestClient tax = asClient(TAX_KEY);
        assertProblem(post(tax, "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null), 403, "forbidden");
        assertThat(count("dossier")).isEqualTo(dossiers);
        assertThat(dossier(code).path("history")).hasSize(1);

        assertProblem(post(anonymous(), "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null), 401, "unauthenticated");
        assertProblem(post(asClient("not-a-key-at-all-0000"), "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null), 401,
                "invalid-api-key");

        // registering and moving dossiers is the counters' work: not even ADMIN writes a citizen's dossier
        assertProblem(post(asOperator("admin"), "/api/v1/dossiers", body(PROCEDURE, "DIRECT"), null), 403, "forbidden");
        assertProblem(post(asOperator("admin"), "/api/v1/dossiers/" + code + "/events", event("START"), null), 403,
                "forbidden");
        assertThat(count("dossier")).isEqualTo(dossiers);
        assertThat(dossier(code).path("history")).hasSize(1);
    }
}
