package vn.lienthong.hub.sandbox.axis;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.platform.web.Problems;

/**
 * The simulated national axis's controls: what it received ({@code GET /sandbox/axis/messages?dossier=}, in
 * arrival order, each sync message with its status code 1–10), what it holds ({@code GET /sandbox/axis/state}),
 * its behaviour ({@code PUT /sandbox/axis/behaviour}, ADMIN), and the online submissions it offers the hub
 * ({@code POST /sandbox/axis/submissions}, ADMIN, to enqueue one; a few are generated at first start).
 */
@RestController
@RequestMapping(path = "/sandbox/axis", produces = MediaType.APPLICATION_JSON_VALUE)
@SandboxOnly
class SandboxAxisController {

    private static final Logger log = LoggerFactory.getLogger(SandboxAxisController.class);
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("latencyMs", "failureRate", "down", "dropRate",
            "delayMs", "tokenTtlSeconds", "signRepliesWithWrongKey");
    /** Citizens of the generated submissions (valid 12-digit IDs of Thanh Hóa, 038). */
    private static final String[][] CITIZENS = {
            {"Lê Thị Hồng", "038190004521", "0915000111", "15 Phan Chu Trinh, Thanh Hóa"},
            {"Trịnh Văn Nam", "038088007733", "0904000222", "42 Bà Triệu, Thanh Hóa"},
            {"Hoàng Minh Châu", "038301002468", "0388000333", "7 Lê Hoàn, Thanh Hóa"}};

    /** Trích lục hộ tịch, bản sao từ sổ gốc, đăng ký khai sinh. */
    private static final List<String> POPULAR_ONLINE = List.of("2.000635", "2.000908", "1.001193");

    private final SimulatedAxis axis;
    private final AxisRecords records;
    private final CatalogService catalog;
    private final ObjectMapper json;

    SandboxAxisController(SimulatedAxis axis, AxisRecords records, CatalogService catalog, ObjectMapper json) {
        this.axis = axis;
        this.records = records;
        this.catalog = catalog;
        this.json = json;
    }

    @GetMapping("/messages")
    @PreAuthorize("hasRole('VIEWER')")
    Map<String, Object> messages(@RequestParam(required = false) String dossier) {
        String code = dossier == null || dossier.isBlank() ? null : dossier.trim();
        List<Map<String, Object>> content = new ArrayList<>();
        for (AxisRecords.Message m : records.list(code, 200)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", m.id());
            v.put("deliveryId", m.deliveryId());
            v.put("kind", m.kind());
            v.put("dossierCode", m.dossierCode());
            v.put("status", m.status());
            v.put("receivedAt", m.receivedAt());
            v.put("duplicate", m.duplicate());
            v.put("payload", parsed(m.payload()));
            content.add(v);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("partner", AxisRecords.PARTNER);
        page.put("dossierCode", code);
        page.put("content", content);
        return page;
    }

    /** The status the axis holds for each dossier asked ({@code ?dossier=A&dossier=B}); absent: unknown there. */
    @GetMapping("/state")
    @PreAuthorize("hasRole('VIEWER')")
    Map<String, Object> state(@RequestParam(name = "dossier") List<String> dossiers) {
        Map<String, Object> state = new LinkedHashMap<>();
        records.held(dossiers).forEach((code, held) -> state.put(code, held.status()));
        return state;
    }

    @GetMapping("/behaviour")
    @PreAuthorize("hasRole('VIEWER')")
    AxisBehaviour behaviour() {
        return axis.behaviour();
    }

    /** Replaces the behaviour; an absent field takes its default, so an empty body restores the defaults. */
    @PutMapping(path = "/behaviour", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    AxisBehaviour behave(@RequestBody(required = false) JsonNode body) {
        AxisBehaviour.Change change;
        if (body == null || body.isNull()) {
            change = new AxisBehaviour.Change(null, null, null, null, null, null, null);
        } else {
            if (!body.isObject()) {
                throw new IllegalArgumentException("the behaviour is a JSON object");
            }
            List<String> unknown = new ArrayList<>();
            body.fieldNames().forEachRemaining(f -> {
                if (!BEHAVIOUR_FIELDS.contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown behaviour field(s) " + unknown + "; known: " + BEHAVIOUR_FIELDS);
            }
            try {
                change = json.treeToValue(body, AxisBehaviour.Change.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid behaviour: " + e.getOriginalMessage());
            }
        }
        AxisBehaviour next = change.over(AxisBehaviour.DEFAULTS);
        axis.behave(next);
        return next;
    }

    @GetMapping("/submissions")
    @PreAuthorize("hasRole('VIEWER')")
    Map<String, Object> submissions() {
        return Map.of("content", records.submissions(200));
    }

    /**
     * A citizen submits a dossier online on the portal: {@code {procedureCode, applicant:{fullName, idNumber,
     * phone, email, address}, returnMethod, submittedAt}}, every field optional (a generated citizen, a procedure
     * that accepts online dossiers, COUNTER, now).
     */
    @PostMapping(path = "/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<AxisRecords.Submission> submit(@RequestBody(required = false) JsonNode body) throws Exception {
        JsonNode b = body == null ? json.createObjectNode() : body;
        String procedure = b.path("procedureCode").asText(null);
        if (procedure == null) {
            procedure = onlineProcedures().get(0);
        }
        JsonNode applicant = b.path("applicant");
        if (applicant.isMissingNode() || applicant.isNull()) {
            applicant = citizen(ThreadLocalRandom.current().nextInt(CITIZENS.length));
        }
        String returnMethod = b.path("returnMethod").asText("COUNTER");
        if (!returnMethod.equals("COUNTER") && !returnMethod.equals("POSTAL")) {
            throw new IllegalArgumentException("returnMethod is COUNTER or POSTAL");
        }
        carriable(procedure, applicant);
        Instant submittedAt;
        try {
            submittedAt = b.hasNonNull("submittedAt") ? Instant.parse(b.get("submittedAt").asText()) : Instant.now();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("submittedAt is an ISO-8601 instant");
        }
        AxisRecords.Submission s = records.offer(submissionId(), procedure, json.writeValueAsString(applicant),
                returnMethod, submittedAt);
        log.info("Sandbox axis: online submission {} ({}) waiting for the hub", s.submissionId(), procedure);
        return ResponseEntity.status(HttpStatus.CREATED).body(s);
    }

    /**
     * Refuses a submission the portal's own contract (schemas/xsd/axis.xsd) cannot carry: the simulated axis
     * validates what it sends, so one such submission would fail every FetchSubmissions answer — and the hub would
     * take in no submission at all — until removed. The real portal never offers one.
     */
    static void carriable(String procedure, JsonNode applicant) {
        if (!procedure.matches("\\d\\.\\d{6}")) {
            throw new IllegalArgumentException("procedureCode: a national procedure code d.dddddd");
        }
        if (!applicant.isObject()) {
            throw new IllegalArgumentException("applicant: an object");
        }
        text(applicant, "fullName", 200, true);
        if (!applicant.path("idNumber").asText("").matches("\\d{12}")) {
            throw new IllegalArgumentException("applicant.idNumber: 12 digits");
        }
        text(applicant, "phone", 200, false);
        text(applicant, "email", 200, false);
        text(applicant, "address", 500, false);
    }

    private static void text(JsonNode applicant, String field, int max, boolean required) {
        JsonNode v = applicant.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("applicant." + field + ": required");
            }
            return;
        }
        String s = v.asText();
        if (s.isEmpty() || s.codePointCount(0, s.length()) > max
                || vn.lienthong.hub.platform.web.Texts.problem(s).isPresent()) {
            throw new IllegalArgumentException("applicant." + field + ": 1 to " + max + " characters of text");
        }
    }

    /** At first start the portal already has a few online submissions waiting. */
    @EventListener(ApplicationReadyEvent.class)
    void generate() {
        if (records.submissionCount() > 0) {
            return;
        }
        List<String> procedures = onlineProcedures();
        for (int i = 0; i < CITIZENS.length && !procedures.isEmpty(); i++) {
            try {
                records.offer(submissionId(), procedures.get(i % procedures.size()), json.writeValueAsString(citizen(i)),
                        i == 1 ? "POSTAL" : "COUNTER", Instant.now().minusSeconds(600L * (CITIZENS.length - i)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        log.info("Sandbox axis: {} online submissions generated for the hub to take in", CITIZENS.length);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }

    /**
     * Procedures of the catalog a citizen may submit online by themself (no inter-agency steps, a national code):
     * the civil-status services citizens use most online first, then any other.
     */
    private List<String> onlineProcedures() {
        List<String> codes = new ArrayList<>(catalog.currentProcedures().stream()
                .filter(p -> p.allowsChannel("ONLINE") && !p.interAgency() && p.localCode() == null)
                .map(ProcedureVersion::code).sorted().toList());
        if (codes.isEmpty()) {
            throw new IllegalStateException("no procedure of the catalog accepts online dossiers");
        }
        List<String> preferred = new ArrayList<>(POPULAR_ONLINE.stream().filter(codes::contains).toList());
        codes.removeAll(preferred);
        preferred.addAll(codes);
        return preferred;
    }

    private JsonNode citizen(int i) {
        String[] c = CITIZENS[i];
        var node = json.createObjectNode();
        node.put("fullName", c[0]);
        node.put("idNumber", c[1]);
        node.put("phone", c[2]);
        node.put("address", c[3]);
        return node;
    }

    private static String submissionId() {
        return "DVCQG-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private Object parsed(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            return payload;
        }
    }
}
