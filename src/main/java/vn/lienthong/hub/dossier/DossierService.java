package vn.lienthong.hub.dossier;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;

/**
 * The only way a dossier changes. Each change is one transaction that updates the dossier, appends to its
 * history and writes an outbox row. Concurrent changes to one dossier are detected by optimistic locking and
 * retried against the fresh state, so no event is lost; an event id seen before is applied once.
 */
@Service
public class DossierService implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DossierService.class);
    private static final int MAX_ATTEMPTS = 8;

    private final DossierRepository dossiers;
    private final HistoryRepository history;
    private final CatalogService catalog;
    private final CalendarService calendars;
    private final DossierCodes codes;
    private final Outbox outbox;
    private final Lifecycle lifecycle;
    private final TransactionTemplate tx;
    /** For reads: Hibernate keeps no snapshots of what it loads and checks nothing for changes at the end. */
    private final TransactionTemplate read;
    private final JdbcTemplate jdbc;
    private final EntityManager em;
    private final ObjectMapper json;
    private final IntakeWriter writer;
    private final ChangeWriter changes;
    private final DossierRows dossierRows;
    private final Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000)); // PostgreSQL keeps microseconds

    DossierService(DossierRepository dossiers, HistoryRepository history, CatalogService catalog,
            CalendarService calendars, DossierCodes codes, Outbox outbox, Deadlines deadlines, TransactionTemplate tx,
            JdbcTemplate jdbc, EntityManager em, ObjectMapper json, IntakeWriter writer, DossierRows dossierRows,
            @Value("${hub.changes.writers:2}") int changeWriters, @Value("${hub.changes.max-batch:64}") int maxChanges) {
        this.dossiers = dossiers;
        this.history = history;
        this.catalog = catalog;
        this.calendars = calendars;
        this.codes = codes;
        this.outbox = outbox;
        this.lifecycle = new Lifecycle(deadlines);
        this.tx = tx;
        this.read = new TransactionTemplate(tx.getTransactionManager());
        this.read.setReadOnly(true);
        this.jdbc = jdbc;
        this.em = em;
        this.json = json;
        this.writer = writer;
        this.dossierRows = dossierRows;
        this.changes = new ChangeWriter(this::applyTogether, this::applyAlone, changeWriters, maxChanges);
    }

    @Override
    public void afterPropertiesSet() {
        changes.afterPropertiesSet();
    }

    @Override
    public void destroy() throws InterruptedException {
        changes.destroy();
    }

    /** The result of an intake: the dossier, and whether this request created it (false: an idempotent replay). */
    public record Created(DossierView dossier, boolean created) {
    }

    public Created create(NewDossier request, String client, String actor, String idempotencyKey) {
        NewDossier req = request.normalized();
        Intake intake = validate(req);
        String requestHash = idempotencyKey == null ? null : hash(req);
        if (idempotencyKey != null) {
            Optional<Created> replay = replay(client, idempotencyKey, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Instant day = intake.receivedAt != null ? intake.receivedAt : intake.submittedAt != null ? intake.submittedAt : clock.instant();
        Instant now = clock.instant();
        long limitMinutes = intake.procedure.timeLimit().workingMinutes(calendars.current().settings().officeHours());
        String eventId = UUID.randomUUID().toString();
        IntakeWriter.Pending pending = new IntakeWriter.Pending(() -> {
            Dossier d = new Dossier(null, intake.procedure.id(), intake.procedure.code(), intake.procedure.agencyCode(),
                    intake.applicant, intake.channel, intake.returnMethod, intake.fees, intake.fourOnSite);
            Transition t = lifecycle.intake(d, intake.submittedAt, intake.receivedAt, intake.procedure.timeLimit(),
                    limitMinutes, now);
            return new IntakeWriter.Prepared(d, t);
        }, intake.procedure.agencyCode(), LocalDate.ofInstant(day, zone()), eventId, actor, client, idempotencyKey,
                requestHash, p -> outbox.row(p.dossier(), eventId, p.transition(), actor, client, null));
        try {
            IntakeWriter.Written w = writer.write(pending);
            // a new dossier's history is the one line just written: no need to read it back
            return new Created(view(w.dossier(), List.of(w.received()), null), true);
        } catch (DataIntegrityViolationException e) {
            // the same Idempotency-Key raced with us and won: answer as a replay
            if (idempotencyKey != null) {
                Optional<Created> replay = replay(client, idempotencyKey, requestHash);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
    }

    /** Applies one lifecycle event to a dossier, exactly once per event id. */
    public DossierView apply(String code, DossierCommand request) {
        DossierCommand command = request.normalized();
        if (command.eventId() == null || command.eventId().isBlank() || command.eventId().length() > 100) {
            throw new InvalidDossierException("eventId", "an event id (at most 100 characters) is required");
        }
        if (command.type() == null) {
            throw new InvalidDossierException("type", "the event type is required");
        }
        return changes.apply(code, command);
    }

    /** One event in its own transaction (or the caller's), tried again when the dossier changed meanwhile. */
    private DossierView applyAlone(String code, DossierCommand command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> applyOnce(code, command));
            } catch (ObjectOptimisticLockingFailureException | jakarta.persistence.OptimisticLockException | DataIntegrityViolationException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("Dossier {} changed concurrently (attempt {}); applying {} again", code, attempt, command.eventId());
            }
        }
    }

    private DossierView applyOnce(String code, DossierCommand command) {
        // one writer per dossier at a time: concurrent events (and a replayed event id) wait instead of failing
        Dossier d = dossiers.findByCodeForUpdate(code).orElseThrow(() -> new DossierNotFoundException(code));
        List<String> seen = jdbc.queryForList("""
                select d.code from dossier_history h join dossier d on d.id = h.dossier_id where h.event_id = ?""",
                String.class, command.eventId());
        if (!seen.isEmpty()) {
            if (!seen.get(0).equals(code)) {
                throw new IllegalTransitionException("event-id-reused",
                        "event id " + command.eventId() + " was already used for another dossier");
            }
            return view(d);
        }
        ProcedureVersion procedure = catalog.procedureVersion(d.getProcedureId())
                .orElseThrow(() -> new IllegalStateException("procedure version " + d.getProcedureId() + " missing"));
        if (command.toAgency() != null && catalog.agency(command.toAgency()).isEmpty()) {
            throw new IllegalTransitionException("unknown-agency", "unknown agency " + command.toAgency());
        }
        Transition t = lifecycle.apply(d, command, procedure.timeLimit(), clock.instant());
        record(d, command.eventId(), t, actorOf(command), command.client(), command.reason());
        em.flush();
        return view(d);
    }

    /**
     * Events of different dossiers applied in one transaction (ChangeWriter): the dossiers locked and read together
     * (in code order: two batches never deadlock), the event ids looked up together, each event applied or refused
     * alone, then the changed dossiers updated and their history lines and outbox rows written in JDBC batches, and
     * their views built from one read of their histories. Each event's answer is given after the commit; a failure
     * of the transaction itself is thrown (the writer then applies each event alone).
     */
    private void applyTogether(List<ChangeWriter.Pending> batch) {
        Map<ChangeWriter.Pending, Object> outcome = tx.execute(status -> {
            Map<ChangeWriter.Pending, Object> out = new LinkedHashMap<>();
            Map<String, DossierRows.Read> locked = new HashMap<>();
            dossierRows.lock(batch.stream().map(p -> p.code).toList()).forEach(r -> locked.put(r.dossier.getCode(), r));
            // the time of events sent without one is read once the dossiers are locked: a writer that read the clock
            // before waiting for a lock would stamp its events earlier than the change committed while it waited,
            // and refuse them as out of order
            Instant now = clock.instant();
            Map<String, String> seen = new HashMap<>();
            jdbc.query("select h.event_id, d.code from dossier_history h join dossier d on d.id = h.dossier_id "
                    + "where h.event_id = any(?)", rs -> {
                        seen.put(rs.getString(1), rs.getString(2));
                    }, (Object) batch.stream().map(p -> p.command.eventId()).toArray(String[]::new));
            List<Object[]> lines = new ArrayList<>();
            List<Outbox.Row> rows = new ArrayList<>();
            Map<ChangeWriter.Pending, Dossier> answered = new LinkedHashMap<>();
            List<DossierRows.Read> changed = new ArrayList<>();
            for (ChangeWriter.Pending p : batch) {
                DossierCommand c = p.command;
                try {
                    DossierRows.Read read = locked.get(p.code);
                    if (read == null) {
                        throw new DossierNotFoundException(p.code);
                    }
                    Dossier d = read.dossier;
                    String owner = seen.get(c.eventId());
                    if (owner != null) {
                        if (!owner.equals(p.code)) {
                            throw new IllegalTransitionException("event-id-reused",
                                    "event id " + c.eventId() + " was already used for another dossier");
                        }
                        answered.put(p, d); // applied before: answered with the dossier as it is
                        continue;
                    }
                    ProcedureVersion procedure = catalog.procedureVersion(d.getProcedureId())
                            .orElseThrow(() -> new IllegalStateException("procedure version " + d.getProcedureId() + " missing"));
                    if (c.toAgency() != null && catalog.agency(c.toAgency()).isEmpty()) {
                        throw new IllegalTransitionException("unknown-agency", "unknown agency " + c.toAgency());
                    }
                    Transition t = lifecycle.apply(d, c, procedure.timeLimit(), now);
                    String actor = actorOf(c);
                    lines.add(new Object[] {d.getId(), c.eventId(), t.type(), t.from() == null ? null : t.from().name(),
                            t.to().name(), IntakeWriter.utc(t.at()), actor, c.client(), d.getChannel().name(), c.reason(),
                            t.form() == null ? null : t.form().number(), Objects.requireNonNullElse(details(d, t), "{}"),
                            IntakeWriter.utc(now)});
                    rows.add(outbox.row(d, c.eventId(), t, actor, c.client(), c.reason()));
                    changed.add(read);
                    answered.put(p, d);
                } catch (DossierNotFoundException | IllegalTransitionException | InvalidDossierException refused) {
                    out.put(p, refused); // refused before it changed anything: the others go on
                }
            }
            dossierRows.write(changed); // their new state (versions checked, although they are locked)
            if (!lines.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into dossier_history (dossier_id, event_id, type, from_status, to_status, at, actor, client,
                                                     channel, reason, form_issued, details, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", lines);
                outbox.writeAll(rows);
            }
            if (!answered.isEmpty()) {
                Map<Long, List<DossierView.HistoryView>> histories =
                        histories(answered.values().stream().map(Dossier::getId).toList());
                Set<Long> parentIds = new HashSet<>();
                answered.values().stream().map(Dossier::getParentId).filter(Objects::nonNull).forEach(parentIds::add);
                Map<Long, String> parents = new HashMap<>();
                if (!parentIds.isEmpty()) {
                    dossiers.codesOf(parentIds).forEach(row -> parents.put((Long) row[0], (String) row[1]));
                }
                answered.forEach((p, d) -> out.put(p, viewOf(d, histories.getOrDefault(d.getId(), List.of()),
                        d.getParentId() == null ? null : parents.get(d.getParentId()))));
            }
            return out;
        });
        outcome.forEach((p, result) -> {
            if (result instanceof RuntimeException refused) {
                p.done.completeExceptionally(refused);
            } else {
                p.done.complete((DossierView) result);
            }
        });
    }

    /** What a history line keeps besides its columns: the new dates and agency of an extension or a transfer. */
    private String details(Dossier d, Transition t) {
        if (t.type().equals("EXTEND") || t.type().equals("TRANSFER")) {
            return toJson(Map.of("dueAt", String.valueOf(d.getDueAt()), "currentAgency", String.valueOf(d.getCurrentAgency())));
        }
        return null;
    }

    private HistoryEntry record(Dossier d, String eventId, Transition t, String actor, String client, String reason) {
        String details = details(d, t);
        HistoryEntry entry = new HistoryEntry(d.getId(), eventId, t, actor, client, d.getChannel().name(), reason, details);
        em.persist(entry);
        outbox.transition(d, eventId, t, actor, client, reason);
        return entry;
    }

    /**
     * Creates the child dossier of one step of an inter-agency parent (liên thông), received now by the step's
     * partner agency with the step's own time limit. At most one child per step: a second call returns the
     * existing one (the flow engine may see the same event twice).
     */
    public DossierView createStep(String parentCode, int stepOrder, String partner, String partnerAgencyCode,
            vn.lienthong.hub.calendar.TimeLimit limit, String actor) {
        Dossier parent = dossiers.findByCode(parentCode).orElseThrow(() -> new DossierNotFoundException(parentCode));
        Optional<DossierView> existing = stepOf(parent.getId(), stepOrder);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        String code = codes.next(partnerAgencyCode, LocalDate.ofInstant(now, zone()));
        try {
            return tx.execute(status -> {
                Dossier child = new Dossier(code, parent.getProcedureId(), parent.getProcedureCode(), partnerAgencyCode,
                        parent.applicant(), parent.getChannel(), parent.getReturnMethod(), 0, false);
                child.setParent(parent.getId(), stepOrder, partner);
                long minutes = limit.workingMinutes(calendars.current().settings().officeHours());
                Transition t = lifecycle.intake(child, null, now, limit, minutes, now);
                em.persist(child);
                record(child, UUID.randomUUID().toString(), t, actor, "hub", "step " + stepOrder + " of " + parentCode);
                em.flush();
                return view(child);
            });
        } catch (RuntimeException e) {
            // JPA raises its own exception types from persist/flush: whatever it was, a concurrent creator of
            // the same step wins and we answer with its child; anything else is rethrown
            return stepOf(parent.getId(), stepOrder).orElseThrow(() -> e);
        }
    }

    private Optional<DossierView> stepOf(long parentId, int stepOrder) {
        List<String> codes = jdbc.queryForList("select code from dossier where parent_id = ? and step_order = ?",
                String.class, parentId, stepOrder);
        return codes.isEmpty() ? Optional.empty() : Optional.of(get(codes.get(0)));
    }

    /** The child step dossiers of a parent, in step order. */
    public List<DossierView> steps(String parentCode) {
        return jdbc.queryForList("""
                select c.code from dossier c join dossier p on p.id = c.parent_id where p.code = ? order by c.step_order""",
                String.class, parentCode).stream().map(this::get).toList();
    }

    public DossierView get(String code) {
        return read.execute(status -> view(dossiers.findByCode(code).orElseThrow(() -> new DossierNotFoundException(code))));
    }

    /**
     * Several dossiers as their views, by code, read together (three statements for the lot): what a consumer of
     * {@code hub.dossier.events} needs for a batch of events. Unknown codes are absent from the map.
     */
    public Map<String, DossierView> views(Collection<String> codes) {
        if (codes.isEmpty()) {
            return Map.of();
        }
        return read.execute(status -> {
            List<Dossier> found = dossierRows.byCodes(codes);
            Map<Long, List<DossierView.HistoryView>> lines = histories(found.stream().map(Dossier::getId).toList());
            Set<Long> parentIds = new HashSet<>();
            found.stream().map(Dossier::getParentId).filter(Objects::nonNull).forEach(parentIds::add);
            Map<Long, String> parents = new HashMap<>();
            if (!parentIds.isEmpty()) {
                dossiers.codesOf(parentIds).forEach(row -> parents.put((Long) row[0], (String) row[1]));
            }
            Map<String, DossierView> out = new HashMap<>();
            for (Dossier d : found) {
                out.put(d.getCode(), viewOf(d, lines.getOrDefault(d.getId(), List.of()),
                        d.getParentId() == null ? null : parents.get(d.getParentId())));
            }
            return out;
        });
    }

    public Optional<Dossier> find(String code) {
        return dossiers.findByCode(code);
    }

    DossierView view(Dossier d) {
        return view(d, d.getId() == null ? List.of() : history.findByDossierIdOrderByIdAsc(d.getId()));
    }

    private DossierView view(Dossier d, List<HistoryEntry> historyLines) {
        return view(d, historyLines, d.getParentId() == null ? null
                : dossiers.findById(d.getParentId()).map(Dossier::getCode).orElse(null));
    }

    private DossierView view(Dossier d, List<HistoryEntry> historyLines, String parentCode) {
        return viewOf(d, historyLines.stream()
                .map(h -> new DossierView.HistoryView(h.getEventId(), h.getType(), h.getFromStatus(), h.getToStatus(),
                        h.getAt(), h.getActor(), h.getClient(), h.getChannel(), h.getReason(), h.getFormIssued(),
                        h.getRecordedAt()))
                .toList(), parentCode);
    }

    /**
     * The histories of several dossiers, each in order, read straight into their views: a batch's views need no
     * history entities (each would be hydrated, then dirty-checked at the commit).
     */
    private Map<Long, List<DossierView.HistoryView>> histories(Collection<Long> dossierIds) {
        Map<Long, List<DossierView.HistoryView>> out = new HashMap<>();
        if (dossierIds.isEmpty()) {
            return out;
        }
        jdbc.query("""
                select dossier_id, event_id, type, from_status, to_status, at, actor, client, channel, reason, form_issued,
                       recorded_at
                from dossier_history where dossier_id = any(?) order by dossier_id, id""", rs -> {
                    out.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new DossierView.HistoryView(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Dossier.instant(rs, 6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            Dossier.instant(rs, 12)));
                }, (Object) dossierIds.toArray(Long[]::new));
        return out;
    }

    private DossierView viewOf(Dossier d, List<DossierView.HistoryView> lines, String parentCode) {
        Instant now = clock.instant();
        ProcedureVersion procedure = catalog.procedureVersion(d.getProcedureId()).orElse(null);
        String timeliness;
        boolean overdue = false;
        if (d.getTimeliness() != null) {
            timeliness = d.getTimeliness().name();
        } else if (d.getOriginalDueAt() != null && d.getEndedAt() == null) {
            // judged as if it ended now (a paused clock is judged at the start of its pause)
            Instant at = d.getPausedAt() != null ? d.getPausedAt() : now;
            timeliness = calendars.judge().judge(at, d.getOriginalDueAt(), d.getSupplementRequests()).name();
            overdue = at.isAfter(d.getOriginalDueAt());
        } else {
            timeliness = null;
        }
        List<DossierView.PauseView> pauses = d.getPauses().stream()
                .map(p -> new DossierView.PauseView(p.getKind(), p.getStartedAt(), p.getEndedAt(), p.getWorkingMinutes()))
                .toList();
        return new DossierView(d.getCode(), d.getProcedureCode(), procedure == null ? null : procedure.name(),
                d.getProcedureId(), d.getAgencyCode(), d.getCurrentAgency(), d.applicant(), d.getChannel(),
                d.getReturnMethod(), d.getFeesVnd(), d.isFourOnSite(), d.getStatus(), d.getStatus().dvcqgCode(),
                d.getSubState(), d.getSubmittedAt(), d.getReceivedAt(), d.getDueAt(), d.getOriginalDueAt(),
                d.isExtended(), d.getSupplementRequests(), d.getPausedMinutes(), d.getPausedAt(), d.getEndedAt(),
                d.getEndKind(), timeliness, overdue, parentCode, d.getStepOrder(), d.getStepPartner(),
                Lifecycle.allowedEvents(d.getStatus(), d.isExtended()).stream().map(Enum::name).toList(),
                pauses, lines, d.getVersion());
    }

    private Optional<Created> replay(String client, String key, String requestHash) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select request_hash, dossier_code from idempotency_key where client = ? and key = ?", client, key);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (!requestHash.equals(rows.get(0).get("request_hash"))) {
            throw new InvalidDossierException("Idempotency-Key", "idempotency-key-reused",
                    "this Idempotency-Key was already used for a different request");
        }
        return Optional.of(new Created(get((String) rows.get(0).get("dossier_code")), false));
    }

    private record Intake(ProcedureVersion procedure, Applicant applicant, Channel channel, ReturnMethod returnMethod,
            long fees, boolean fourOnSite, Instant receivedAt, Instant submittedAt) {
    }

    private Intake validate(NewDossier req) {
        if (req.procedureCode() == null || req.procedureCode().isBlank()) {
            throw new InvalidDossierException("procedureCode", "the procedure code is required");
        }
        ProcedureVersion procedure = catalog.currentProcedure(req.procedureCode())
                .orElseThrow(() -> new InvalidDossierException("procedureCode", "unknown-procedure",
                        "no procedure " + req.procedureCode() + " in the catalog"));
        if (req.applicant() == null) {
            throw new InvalidDossierException("applicant", "the applicant is required");
        }
        NewDossier.ApplicantInput a = req.applicant();
        Applicant applicant = Applicant.of(a.fullName(), a.idNumber(), a.phone(), a.email(), a.address());
        Channel channel = parse(Channel.class, req.channel(), "channel");
        ReturnMethod returnMethod = parse(ReturnMethod.class, req.returnMethod(), "returnMethod");
        if (!procedure.allowsChannel(channel.name())) {
            throw new InvalidDossierException("channel", "channel-not-allowed",
                    "procedure " + procedure.code() + " does not accept channel " + channel);
        }
        if (returnMethod == ReturnMethod.POSTAL && !procedure.postalReturn()) {
            throw new InvalidDossierException("returnMethod", "postal-return-not-allowed",
                    "procedure " + procedure.code() + " does not allow returning the result by post");
        }
        if (req.feesVnd() != null && req.feesVnd() < 0) {
            throw new InvalidDossierException("feesVnd", "fees cannot be negative");
        }
        long fees = req.feesVnd() != null ? req.feesVnd() : procedure.feeVnd();
        boolean fourOnSite = req.fourOnSite() != null ? req.fourOnSite() : procedure.fourOnSite();
        return new Intake(procedure, applicant, channel, returnMethod, fees, fourOnSite, req.receivedAt(), req.submittedAt());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null) {
            throw new InvalidDossierException(field, field + " is required");
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidDossierException(field, "unknown " + field + " " + value + "; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private String hash(NewDossier req) {
        return vn.lienthong.hub.platform.security.Secrets.sha256(toJson(req));
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String actorOf(DossierCommand c) {
        if (c.actor() != null && !c.actor().isBlank()) {
            return c.actor().length() > 200 ? c.actor().substring(0, 200) : c.actor();
        }
        return c.client() != null ? c.client() : "unknown";
    }

    ZoneId zone() {
        return calendars.current().settings().zone();
    }
}
