package vn.lienthong.hub.dossier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;

/**
 * Historical import from the system the center used before: one dossier per NDJSON line, its events replayed
 * through the same {@link Lifecycle} rules in memory, then written with COPY in batches (one transaction per batch).
 * A bad line never stops the others; a code already in the store is left as it is.
 */
@Service
public class ImportService {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final int BATCH = 1000;
    private static final int WRITERS = 2;
    private static final int MAX_LINE_CHARS = 64 * 1024;
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final CatalogService catalog;
    private final CalendarService calendars;
    private final Lifecycle lifecycle;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    ImportService(CatalogService catalog, CalendarService calendars, Deadlines deadlines, JdbcTemplate jdbc,
            TransactionTemplate tx, ObjectMapper json) {
        this.catalog = catalog;
        this.calendars = calendars;
        this.lifecycle = new Lifecycle(deadlines);
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * A line that was not imported: its number, its dossier code if it could be read, why (for people) and the
     * problem (machine-readable, like the API's reasons: malformed-json, invalid-utf-8, too-large, invalid-request,
     * unknown-procedure, illegal-transition, …).
     */
    public record LineError(long line, String code, String reason, String problem) {

        LineError(long line, String code, String reason) {
            this(line, code, reason, "refused-by-store");
        }
    }

    public record Result(long accepted, long rejected, long alreadyPresent, List<LineError> errors) {
    }

    record ImportLine(String code, String procedureCode, String agencyCode, String channel, String returnMethod,
            NewDossier.ApplicantInput applicant, Instant submittedAt, Instant receivedAt, Instant dueAt, Long feesVnd,
            Boolean fourOnSite, List<ImportEvent> events) {
    }

    record ImportEvent(String eventId, EventType type, Instant at, String actor, String reason, Instant newDueAt,
            String toAgency) {
    }

    private record Prepared(long line, Dossier dossier, List<HistoryRow> history) {
    }

    private record HistoryRow(String eventId, Transition t, String actor, String reason) {
    }

    /**
     * Imports every line; {@code contract} validates a parsed line against the API contract (throws to reject).
     * Reading and checking the lines (CPU) and writing the batches (PostgreSQL) overlap: while batches are written
     * by the writer threads, the next is prepared. Writing is what costs most (PostgreSQL maintains the dossier's
     * indexes and checks its constraints row by row, on one core per connection), so {@value #WRITERS} batches are
     * written at once, each in its own transaction on its own connection: at most {@value #WRITERS} batches in
     * flight, so memory stays bounded. Their outcomes are taken in the order of the lines, so the result is the same
     * as if the batches had been written one after the other.
     */
    public Result importNdjson(InputStream body, String actor, Consumer<JsonNode> contract) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<LineError> errors = new ArrayList<>();
        long[] counts = new long[3]; // accepted, rejected, already present (the reader's rejections)
        List<LineError> writeErrors = new ArrayList<>();
        long[] written = new long[3]; // the same, counted by the writers
        List<Prepared> batch = new ArrayList<>(BATCH);
        Set<String> seenCodes = new HashSet<>();
        Set<String> seenEvents = new HashSet<>();
        long lineNo = 0;
        AtomicInteger writerNo = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS,
                r -> new Thread(r, "import-writer-" + writerNo.incrementAndGet()));
        Deque<Future<Written>> inFlight = new ArrayDeque<>(WRITERS);
        boolean done = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, decoder), 1 << 16)) {
            while (true) {
                String line;
                lineNo++;
                try {
                    line = reader.readLine();
                } catch (CharacterCodingException e) {
                    errors.add(new LineError(lineNo, null, "invalid UTF-8 at or after this line; import stopped here",
                            "invalid-utf-8"));
                    counts[1]++;
                    break;
                }
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Prepared p = prepare(lineNo, line, actor, contract, seenCodes, seenEvents);
                    batch.add(p);
                } catch (RuntimeException e) {
                    counts[1]++;
                    addError(errors, new LineError(lineNo, codeOf(line), message(e), problem(e)));
                }
                if (batch.size() == BATCH) {
                    if (inFlight.size() == WRITERS) {
                        await(inFlight.removeFirst()).addTo(written, writeErrors);
                    }
                    List<Prepared> full = batch;
                    inFlight.addLast(writers.submit(() -> flush(full)));
                    batch = new ArrayList<>(BATCH);
                }
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst()).addTo(written, writeErrors);
            }
            flush(batch).addTo(written, writeErrors);
            done = true;
        } finally {
            if (!done) {
                // a failed batch fails the import: let the others in flight end (commit or roll back) first
                for (Future<Written> f : inFlight) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (ExecutionException ignored) {
                        // the first failure is the one reported
                    }
                }
            }
            writers.shutdownNow();
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += written[i];
        }
        for (LineError e : writeErrors) {
            addError(errors, e);
        }
        errors.sort(Comparator.comparingLong(LineError::line));
        log.info("Import by {}: {} accepted, {} rejected, {} already present", actor, counts[0], counts[1], counts[2]);
        return new Result(counts[0], counts[1], counts[2], errors);
    }

    /** What the writing of one batch counted: accepted, rejected, already present, and its errors. */
    private static final class Written {
        final long[] counts = new long[3];
        final List<LineError> errors = new ArrayList<>();

        Written addTo(long[] total, List<LineError> totalErrors) {
            for (int i = 0; i < counts.length; i++) {
                total[i] += counts[i];
            }
            for (LineError e : errors) {
                addError(totalErrors, e);
            }
            return this;
        }
    }

    /** Waits for a batch being written; its failure is the import's. */
    private static <T> T await(Future<T> write) {
        try {
            return write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Prepared prepare(long lineNo, String line, String actor, Consumer<JsonNode> contract, Set<String> seenCodes,
            Set<String> seenEvents) throws RuntimeException {
        if (line.length() > MAX_LINE_CHARS) {
            throw new InvalidDossierException("line", "too-large", "a line may have at most " + MAX_LINE_CHARS + " characters");
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            throw new InvalidDossierException("line", "malformed-json", "not valid JSON: " + e.getMessage());
        }
        java.util.Optional<String> text = vn.lienthong.hub.platform.web.Texts.problem(node);
        if (text.isPresent()) {
            throw new InvalidDossierException("line", text.get());
        }
        node = vn.lienthong.hub.platform.web.Texts.nfc(node);
        try {
            contract.accept(node);
        } catch (RuntimeException e) {
            throw new InvalidDossierException("line", "invalid-request", e.getMessage());
        }
        ImportLine in;
        try {
            in = json.treeToValue(node, ImportLine.class); // straight from the tree, not through a token buffer
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidDossierException("line", "invalid-request", e.getOriginalMessage());
        }
        Matcher m = DossierCodes.CODE.matcher(in.code());
        if (!m.matches()) {
            throw new InvalidDossierException("code", "not a dossier code <agency>-YYMMDD-XXXX");
        }
        if (!seenCodes.add(in.code())) {
            throw new InvalidDossierException("code", "the same code appears twice in this import");
        }
        ProcedureVersion procedure = catalog.currentProcedure(in.procedureCode())
                .orElseThrow(() -> new InvalidDossierException("procedureCode", "unknown-procedure",
                        "unknown procedure " + in.procedureCode()));
        String agency = in.agencyCode() != null ? in.agencyCode() : procedure.agencyCode();
        if (catalog.agency(agency).isEmpty()) {
            throw new InvalidDossierException("agencyCode", "unknown-agency", "unknown agency " + agency);
        }
        if (!m.group(1).equals(agency)) {
            throw new InvalidDossierException("code", "the code's agency " + m.group(1) + " is not the dossier's agency " + agency);
        }
        Instant first = in.receivedAt() != null ? in.receivedAt() : in.submittedAt();
        if (first == null) {
            throw new InvalidDossierException("receivedAt", "a historical dossier needs receivedAt or submittedAt");
        }
        if (!YYMMDD.format(LocalDate.ofInstant(first, calendars.current().settings().zone())).equals(m.group(2))) {
            throw new InvalidDossierException("code", "the code's date " + m.group(2) + " is not the receipt date");
        }
        Applicant applicant = in.applicant() == null ? null : Applicant.of(in.applicant().fullName(),
                in.applicant().idNumber(), in.applicant().phone(), in.applicant().email(), in.applicant().address());
        if (applicant == null) {
            throw new InvalidDossierException("applicant", "the applicant is required");
        }
        Dossier d = new Dossier(in.code(), procedure.id(), procedure.code(), agency, applicant,
                Channel.valueOf(in.channel()), ReturnMethod.valueOf(in.returnMethod()),
                in.feesVnd() != null ? in.feesVnd() : procedure.feeVnd(),
                in.fourOnSite() != null ? in.fourOnSite() : procedure.fourOnSite());
        d.setImported(true);
        Instant now = Instant.now();
        long limitMinutes = procedure.timeLimit().workingMinutes(calendars.current().settings().officeHours());
        List<HistoryRow> history = new ArrayList<>();
        Transition intake = lifecycle.intake(d, in.submittedAt(), in.receivedAt(), procedure.timeLimit(), limitMinutes, now);
        if (in.dueAt() != null && d.getReceivedAt() != null) {
            if (!in.dueAt().isAfter(d.getReceivedAt())) {
                throw new InvalidDossierException("dueAt", "the appointment must be after the receipt");
            }
            d.setOriginalDueAt(in.dueAt());
            d.setDueAt(in.dueAt());
        }
        history.add(new HistoryRow("import:" + in.code(), intake, actor, "historical import"));
        if (in.events() != null) {
            for (ImportEvent e : in.events()) {
                if (!seenEvents.add(e.eventId())) {
                    throw new InvalidDossierException("events", "event id " + e.eventId() + " appears twice in this import");
                }
                DossierCommand c = new DossierCommand(e.eventId(), e.type(), e.at(), e.actor(), "import", e.reason(),
                        e.newDueAt(), e.toAgency());
                Transition t;
                try {
                    t = lifecycle.apply(d, c, procedure.timeLimit(), now);
                } catch (IllegalTransitionException ex) {
                    throw new InvalidDossierException("events", ex.reason(), "event " + e.eventId() + ": " + ex.getMessage());
                }
                history.add(new HistoryRow(e.eventId(), t, e.actor() != null ? e.actor() : actor, e.reason()));
            }
        }
        return new Prepared(lineNo, d, history);
    }

    /**
     * Writes a batch. Nearly always none of its codes and event ids is in the store yet, so the batch is first
     * written as it is: the unique indexes on the code and the event id check that, row by row, as they are
     * maintained anyway. Only when that fails (a code already imported, an event id already used, a concurrent
     * import…) is the batch sorted out: its codes and event ids looked up, then the rest written, then line by line.
     */
    private Written flush(List<Prepared> batch) {
        Written w = new Written();
        if (batch.isEmpty()) {
            return w;
        }
        try {
            tx.executeWithoutResult(s -> insert(batch));
            w.counts[0] += batch.size();
            return w;
        } catch (RuntimeException e) {
            log.debug("Import batch refused as a whole ({}); looking up its codes and event ids", message(e));
        }
        long[] counts = w.counts;
        List<LineError> errors = w.errors;
        List<Prepared> fresh = withoutPresent(batch, counts, errors);
        try {
            tx.executeWithoutResult(s -> insert(fresh));
            counts[0] += fresh.size();
        } catch (RuntimeException e) {
            // a concurrent import or a colliding event id: fall back to one transaction per dossier
            log.info("Import batch failed ({}); retrying its {} lines one by one", message(e), fresh.size());
            for (Prepared p : fresh) {
                try {
                    tx.executeWithoutResult(s -> insert(List.of(p)));
                    counts[0]++;
                } catch (RuntimeException one) {
                    counts[1]++;
                    addError(errors, new LineError(p.line(), p.dossier().getCode(), message(one)));
                }
            }
        }
        return w;
    }

    private List<Prepared> withoutPresent(List<Prepared> batch, long[] counts, List<LineError> errors) {
        String[] codes = batch.stream().map(p -> p.dossier().getCode()).toArray(String[]::new);
        Set<String> present = new HashSet<>(jdbc.queryForList(
                "select code from dossier where code = any(?)", String.class, (Object) codes));
        String[] eventIds = batch.stream().flatMap(p -> p.history().stream()).map(HistoryRow::eventId).toArray(String[]::new);
        Map<String, String> takenEvents = new HashMap<>();
        jdbc.query("select h.event_id, d.code from dossier_history h join dossier d on d.id = h.dossier_id where h.event_id = any(?)",
                rs -> {
                    takenEvents.put(rs.getString(1), rs.getString(2));
                }, (Object) eventIds);
        List<Prepared> fresh = new ArrayList<>(batch.size());
        for (Prepared p : batch) {
            if (present.contains(p.dossier().getCode())) {
                counts[2]++;
                continue;
            }
            String clash = p.history().stream().map(HistoryRow::eventId).filter(takenEvents::containsKey).findFirst().orElse(null);
            if (clash != null) {
                counts[1]++;
                addError(errors, new LineError(p.line(), p.dossier().getCode(), "event id " + clash + " is already used by dossier "
                        + takenEvents.get(clash), "event-id-reused"));
                continue;
            }
            fresh.add(p);
        }
        return fresh;
    }

    private void insert(List<Prepared> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Long> ids = jdbc.queryForList("select nextval('dossier_id_seq') from generate_series(1, ?)", Long.class, rows.size());
        if (referencesCheckedByBatch()) {
            checkReferences(rows);
        }
        BinaryCopyRows dossiers = new BinaryCopyRows(rows.size() * 400);
        BinaryCopyRows pauses = new BinaryCopyRows(256);
        BinaryCopyRows history = new BinaryCopyRows(rows.size() * 400);
        // in key order: batches written at once lock their counter rows in the same order (no deadlock)
        Map<String, Object[]> sequences = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Dossier d = rows.get(i).dossier();
            long id = ids.get(i);
            dossiers.row(37).int8(id).text(d.getCode()).int8(d.getProcedureId()).text(d.getProcedureCode())
                    .text(d.getAgencyCode()).text(d.applicant().fullName()).text(d.applicant().idNumber())
                    .text(d.applicant().phone()).text(d.applicant().email()).text(d.applicant().address())
                    .text(d.getChannel().name()).text(d.getReturnMethod().name()).int8(d.getFeesVnd()).bool(d.isFourOnSite())
                    .text(d.getStatus().name()).text(d.getSubState()).text(d.getCurrentAgency())
                    .timestamptz(d.getSubmittedAt()).timestamptz(d.getReceivedAt()).int8(d.getLimitMinutes())
                    .bool(d.isSameDay()).timestamptz(d.getOriginalDueAt()).timestamptz(d.getDueAt())
                    .timestamptz(d.getPausedAt()).text(d.getPauseKind() == null ? null : d.getPauseKind().name())
                    .int8(d.getPausedMinutes()).int4(d.getSupplementRequests()).bool(d.isExtended())
                    .timestamptz(d.getEndedAt()).text(d.getEndKind() == null ? null : d.getEndKind().name())
                    .text(d.getTimeliness() == null ? null : d.getTimeliness().name()).timestamptz(d.getResolvedAt())
                    .timestamptz(d.getReturnedAt()).timestamptz(d.getLastEventAt()).bool(true).bool(false).bool(false);
            int seq = 0;
            for (Pause p : d.getPauses()) {
                pauses.row(6).int8(id).int4(seq++).text(p.getKind().name()).timestamptz(p.getStartedAt())
                        .timestamptz(p.getEndedAt()).int8(p.getWorkingMinutes());
            }
            for (HistoryRow h : rows.get(i).history()) {
                history.row(11).int8(id).text(h.eventId()).text(h.t().type()).text(h.t().from() == null ? null : h.t().from().name())
                        .text(h.t().to().name()).timestamptz(h.t().at()).text(h.actor()).text("import").text(d.getChannel().name())
                        .text(h.reason()).text(h.t().form() == null ? null : h.t().form().number());
            }
            Matcher m = DossierCodes.CODE.matcher(d.getCode());
            m.matches();
            String key = m.group(1) + "|" + m.group(2);
            int number = Integer.parseInt(m.group(3));
            Object[] prev = sequences.get(key);
            if (prev == null || (int) prev[2] < number) {
                sequences.put(key, new Object[] {m.group(1), LocalDate.parse("20" + m.group(2), DateTimeFormatter.BASIC_ISO_DATE), number});
            }
        }
        copy("dossier", DOSSIER_COLUMNS, dossiers);
        if (pauses.rows() > 0) {
            copy("dossier_pause", "dossier_id, seq, kind, started_at, ended_at, working_minutes", pauses);
        }
        copy("dossier_history", "dossier_id, event_id, type, from_status, to_status, at, actor, client, channel, reason, form_issued",
                history);
        jdbc.batchUpdate("""
                insert into dossier_sequence (agency_code, day, last_value) values (?, ?, ?)
                on conflict (agency_code, day) do update set last_value = greatest(dossier_sequence.last_value, excluded.last_value)""",
                new ArrayList<>(sequences.values()));
    }

    /**
     * The foreign keys of the tables the import writes, as PostgreSQL shows them. Checked row by row, they were a
     * third of PostgreSQL's work in the import (a query and a row lock per dossier for its procedure, another for its
     * agency, one per history line for its dossier). The import makes the same checks once per batch instead
     * ({@link #checkReferences}), and history and pause rows reference the dossiers written just before them in the
     * same transaction, under ids it has just taken from the sequence.
     */
    private static final Set<String> FOREIGN_KEYS = Set.of(
            "dossier: FOREIGN KEY (procedure_id) REFERENCES procedure_version(id)",
            "dossier: FOREIGN KEY (agency_code) REFERENCES agency(code)",
            "dossier: FOREIGN KEY (parent_id) REFERENCES dossier(id)", // null in an import
            "dossier_history: FOREIGN KEY (dossier_id) REFERENCES dossier(id) ON DELETE CASCADE",
            "dossier_pause: FOREIGN KEY (dossier_id) REFERENCES dossier(id) ON DELETE CASCADE");

    private volatile Boolean batchChecks;

    /**
     * Whether the import's transactions may turn off PostgreSQL's per-row foreign-key checks
     * ({@code session_replication_role = replica}, as pg_restore does) because it makes them itself: only when the
     * database user may set it (a superuser, as the embedded database's, or one granted it), when the tables' foreign
     * keys are exactly those {@link #checkReferences} stands in for ({@link #FOREIGN_KEYS}) and when the only
     * triggers on them are those foreign keys' own (the setting would skip any other trigger or rule too). Otherwise
     * PostgreSQL checks every row, as before. Decided once.
     */
    private boolean referencesCheckedByBatch() {
        Boolean decided = batchChecks;
        if (decided == null) {
            decided = decideBatchChecks();
            batchChecks = decided;
            log.info("Import: foreign keys checked {}", decided ? "once per batch by the import" : "row by row by PostgreSQL");
        }
        return decided;
    }

    private boolean decideBatchChecks() {
        String tables = "'dossier'::regclass, 'dossier_history'::regclass, 'dossier_pause'::regclass, 'dossier_sequence'::regclass";
        try {
            Boolean allowed = jdbc.queryForObject("""
                    select (select rolsuper from pg_roles where rolname = current_user)
                           or has_parameter_privilege('session_replication_role', 'SET')""", Boolean.class);
            Set<String> keys = new HashSet<>(jdbc.queryForList("select conrelid::regclass || ': ' || pg_get_constraintdef(oid) "
                    + "from pg_constraint where contype = 'f' and conrelid in (" + tables + ")", String.class));
            Long otherTriggers = jdbc.queryForObject("select count(*) from pg_trigger t join pg_proc p on p.oid = t.tgfoid "
                    + "where t.tgrelid in (" + tables + ") and not (t.tgisinternal and p.proname like 'RI\\_FKey\\_%')", Long.class);
            Long rules = jdbc.queryForObject("select count(*) from pg_rewrite where ev_class in (" + tables + ")", Long.class);
            boolean ok = Boolean.TRUE.equals(allowed) && keys.equals(FOREIGN_KEYS) && otherTriggers == 0 && rules == 0;
            if (!ok) {
                log.info("Import: foreign keys left to PostgreSQL (may set session_replication_role: {}; foreign keys {}; "
                        + "other triggers {}; rules {})", allowed, keys, otherTriggers, rules);
            }
            return ok;
        } catch (RuntimeException e) {
            log.info("Import: foreign keys left to PostgreSQL ({})", message(e));
            return false;
        }
    }

    /**
     * What the foreign keys of a batch's dossiers would check, checked once for the batch, with the lock each check
     * takes (FOR KEY SHARE: the procedure version and the agency cannot go away before the batch commits); then the
     * transaction stops PostgreSQL's own row-by-row checks. A batch that names a missing one is refused as a whole,
     * and its lines are then written one by one, so that only the line that names it is refused.
     */
    private void checkReferences(List<Prepared> rows) {
        Long[] procedures = rows.stream().map(p -> p.dossier().getProcedureId()).distinct().toArray(Long[]::new);
        String[] agencies = rows.stream().map(p -> p.dossier().getAgencyCode()).distinct().toArray(String[]::new);
        Set<Long> foundProcedures = new HashSet<>(jdbc.queryForList(
                "select id from procedure_version where id = any(?) for key share", Long.class, (Object) procedures));
        Set<String> foundAgencies = new HashSet<>(jdbc.queryForList(
                "select code from agency where code = any(?) for key share", String.class, (Object) agencies));
        for (Long id : procedures) {
            if (!foundProcedures.contains(id)) {
                throw new IllegalStateException("procedure version " + id + " is not in the store");
            }
        }
        for (String code : agencies) {
            if (!foundAgencies.contains(code)) {
                throw new IllegalStateException("agency " + code + " is not in the store");
            }
        }
        jdbc.execute("set local session_replication_role = replica");
    }

    /** The 37 columns of a dossier row, in the order {@link #insert} writes them. */
    private static final String DOSSIER_COLUMNS = """
            id, code, procedure_id, procedure_code, agency_code, applicant_name, applicant_id_number,
            applicant_phone, applicant_email, applicant_address, channel, return_method, fees_vnd, four_on_site, status,
            sub_state, current_agency, submitted_at, received_at, limit_minutes, same_day, original_due_at, due_at,
            paused_at, pause_kind, paused_minutes, supplement_requests, extended, ended_at, end_kind, timeliness,
            resolved_at, returned_at, last_event_at, imported, due_soon_notified, overdue_notified""";

    /**
     * Writes rows with PostgreSQL's COPY, in the surrounding transaction: one round trip and no per-row statement
     * for a whole batch — what makes the import approach the speed of a plain COPY. The binary format: PostgreSQL
     * parses no text, and no value needs quoting or escaping.
     */
    private void copy(String table, String columns, BinaryCopyRows rows) {
        byte[] data = rows.finish();
        int length = rows.length();
        jdbc.execute((ConnectionCallback<Long>) c -> {
            CopyIn in = new CopyManager(c.unwrap(BaseConnection.class))
                    .copyIn("copy " + table + " (" + columns + ") from stdin (format binary)");
            try {
                in.writeToCopy(data, 0, length);
                return in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        });
    }

    private static void addError(List<LineError> errors, LineError e) {
        if (errors.size() < 1000) {
            errors.add(e);
        }
    }

    private String codeOf(String line) {
        try {
            JsonNode n = json.readTree(line);
            return n.hasNonNull("code") ? n.get("code").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The machine-readable problem of a refused line. */
    private static String problem(RuntimeException e) {
        if (e instanceof InvalidDossierException d) {
            return d.reason();
        }
        if (e instanceof IllegalTransitionException t) {
            return t.reason();
        }
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return "invalid-request";
        }
        return "refused";
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e instanceof InvalidDossierException || e instanceof IllegalTransitionException ? e.getMessage()
                : root.getMessage() != null ? root.getMessage() : e.toString();
        return msg.length() > 300 ? msg.substring(0, 300) : msg;
    }
}
