package vn.lienthong.hub.dossier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of intakes. Registering a dossier writes three rows (the dossier, its first history line, its
 * outbox event) and, for most of its cost, PostgreSQL's work per transaction and per statement: the commit, the
 * round trips. Intakes that arrive while a batch is being written are written together in the next one: one
 * transaction, the rows of each table in one JDBC batch. Every request still waits for the commit of its own
 * batch before it answers, so a 2xx still means "in the store". A batch that fails is written again one intake at a
 * time, each in its own transaction, so a bad intake fails alone and the others go in.
 * <p>
 * A lone intake is written at once (a batch of one): the batching costs an idle hub no latency.
 */
@Component
class IntakeWriter extends GroupCommit<IntakeWriter.Pending> {

    private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);

    /** A new dossier as its request prepared it: the entity with its intake applied, and that transition. */
    record Prepared(Dossier dossier, Transition transition) {
    }

    /** What was written: the dossier (its id set) and its first history line (as written; its id is the store's). */
    record Written(Dossier dossier, HistoryEntry received) {
    }

    /** One intake waiting to be written. */
    static final class Pending extends GroupCommit.Waiting<Written> {
        private final Supplier<Prepared> prepare;
        private final String agencyCode;
        private final LocalDate day;
        private final String eventId;
        private final String actor;
        private final String client;
        private final String idempotencyKey;
        private final String requestHash;
        private final Function<Prepared, Outbox.Row> outboxRow;
        private Prepared prepared;
        private String code;

        /**
         * @param prepare   builds the new dossier, without its code; called once by the request, and again only if its
         *                  batch failed (a fresh entity for the retry: the same inputs and clock reading give the same
         *                  dossier)
         * @param day       the day whose receipt numbers of {@code agencyCode} the dossier's code takes one of
         * @param outboxRow the dossier's outbox row, once it has its code
         */
        Pending(Supplier<Prepared> prepare, String agencyCode, LocalDate day, String eventId, String actor, String client,
                String idempotencyKey, String requestHash, Function<Prepared, Outbox.Row> outboxRow) {
            this.prepare = prepare;
            this.prepared = prepare.get();
            this.agencyCode = agencyCode;
            this.day = day;
            this.eventId = eventId;
            this.actor = actor;
            this.client = client;
            this.idempotencyKey = idempotencyKey;
            this.requestHash = requestHash;
            this.outboxRow = outboxRow;
        }
    }

    private final TransactionTemplate tx;
    private final EntityManager em;
    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final DossierCodes codes;
    /** The entity's own id generator: blocks of the sequence (pooled-lo), as persist would take them. */
    private final BeforeExecutionGenerator ids;

    IntakeWriter(TransactionTemplate tx, EntityManager em, JdbcTemplate jdbc, Outbox outbox, DossierCodes codes,
            @Value("${hub.intake.writers:2}") int writers, @Value("${hub.intake.max-batch:64}") int maxBatch) {
        super("hub-intake-writer", writers, maxBatch);
        this.tx = tx;
        this.em = em;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.codes = codes;
        this.ids = (BeforeExecutionGenerator) em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class)
                .getMappingMetamodel().getEntityDescriptor(Dossier.class).getGenerator();
    }

    /** Writes the intake (with others that arrive meanwhile) and returns once it is committed; throws if it is not. */
    Written write(Pending p) {
        return submit(p, Written.class);
    }

    @Override
    protected Written writeInCallerTransaction(Pending p) {
        List<Pending> one = numbered(List.of(p));
        if (one.isEmpty()) {
            return resultOf(p); // throws why it could not be numbered
        }
        return tx.execute(status -> insert(one)).get(0);
    }

    @Override
    protected void writeBatch(List<Pending> all) {
        List<Pending> batch = numbered(all);
        if (batch.isEmpty()) {
            return;
        }
        List<Written> written;
        try {
            written = tx.execute(status -> insert(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(e);
                return;
            }
            log.debug("A batch of {} intakes failed ({}); writing each alone", batch.size(), e.toString());
            for (Pending p : batch) {
                try {
                    p.prepared = p.prepare.get();
                    p.prepared.dossier().assignCode(p.code);
                    p.done.complete(tx.execute(status -> insert(List.of(p))).get(0));
                } catch (RuntimeException alone) {
                    p.done.completeExceptionally(alone);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(written.get(i));
        }
    }

    /**
     * Gives each intake its code: the next receipt numbers of its agency and day, taken for the whole batch at once
     * (DossierCodes#take, outside the batch's transaction: a number whose intake then fails is skipped, never
     * reused). An intake past the day's 9,999 numbers fails alone; the others are returned, numbered.
     */
    private List<Pending> numbered(List<Pending> batch) {
        Map<DossierCodes.Day, Integer> wanted = new LinkedHashMap<>();
        for (Pending p : batch) {
            wanted.merge(new DossierCodes.Day(p.agencyCode, p.day), 1, Integer::sum);
        }
        Map<DossierCodes.Day, Integer> last;
        try {
            last = codes.take(wanted);
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done.completeExceptionally(e));
            return List.of();
        }
        Map<DossierCodes.Day, Integer> next = new HashMap<>();
        wanted.forEach((key, n) -> next.put(key, last.get(key) - n + 1));
        List<Pending> numbered = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            DossierCodes.Day key = new DossierCodes.Day(p.agencyCode, p.day);
            int number = next.merge(key, 1, Integer::sum) - 1;
            try {
                p.code = codes.code(key, number);
                p.prepared.dossier().assignCode(p.code);
                numbered.add(p);
            } catch (RuntimeException e) {
                p.done.completeExceptionally(e);
            }
        }
        return numbered;
    }

    private List<Written> insert(List<Pending> batch) {
        // by JDBC, not persist and flush: Hibernate's flush of a batch of new entities (its action queue, dirty
        // checks, insert coordinator) was a third of the intake writers' CPU (flight recording, 2026-12-06). The ids
        // still come from the entity's own generator: blocks of the sequence (pooled-lo), no round trip per dossier.
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        List<Object[]> dossiers = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Dossier d = p.prepared.dossier();
            if (!d.getPauses().isEmpty()) {
                throw new IllegalStateException("a new dossier has no pauses; " + d.getCode() + " has " + d.getPauses());
            }
            d.assignId(((Number) ids.generate(session, d, null, EventType.INSERT)).longValue());
            dossiers.add(columns(d));
        }
        jdbc.batchUpdate(INSERT_DOSSIER, dossiers); // the dossiers first: their history lines refer to them
        List<Written> out = new ArrayList<>(batch.size());
        List<Object[]> lines = new ArrayList<>(batch.size());
        List<Outbox.Row> rows = new ArrayList<>(batch.size());
        List<Object[]> keys = new ArrayList<>();
        for (Pending p : batch) {
            Dossier d = p.prepared.dossier();
            HistoryEntry h = new HistoryEntry(d.getId(), p.eventId, p.prepared.transition(), p.actor, p.client,
                    d.getChannel().name(), null, null);
            out.add(new Written(d, h));
            lines.add(new Object[] {h.getDossierId(), h.getEventId(), h.getType(), h.getFromStatus(), h.getToStatus(),
                    utc(h.getAt()), h.getActor(), h.getClient(), h.getChannel(), h.getFormIssued(),
                    utc(h.getRecordedAt())});
            rows.add(p.outboxRow.apply(p.prepared));
            if (p.idempotencyKey != null) {
                keys.add(new Object[] {p.client, p.idempotencyKey, p.requestHash, d.getCode()});
            }
        }
        // a history line takes its id from the column's sequence as it is written, so a dossier's lines stay in id
        // order whichever hub instance writes them
        jdbc.batchUpdate("""
                insert into dossier_history (dossier_id, event_id, type, from_status, to_status, at, actor, client, channel,
                                             form_issued, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", lines);
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("insert into idempotency_key (client, key, request_hash, dossier_code) values (?, ?, ?, ?)", keys);
        }
        outbox.writeAll(rows);
        return out;
    }

    /** Every column the entity maps (DossierApiIT.aRegisteredDossierIsStoredAsTheEntityMapsIt reads them back). */
    static final String INSERT_DOSSIER = "insert into dossier (" + Dossier.COLUMNS + ")\nvalues ("
            + "?, ".repeat(Dossier.COLUMN_NAMES.size() - 1) + "?)";

    /** The dossier's values of {@link Dossier#COLUMNS}, in their order, as JDBC parameters (DossierRows updates too). */
    static Object[] columns(Dossier d) {
        Applicant a = d.applicant();
        return new Object[] {d.getId(), d.getCode(), d.getProcedureId(), d.getProcedureCode(), d.getAgencyCode(),
                a.fullName(), a.idNumber(), a.phone(), a.email(), a.address(), d.getChannel().name(),
                d.getReturnMethod().name(), d.getFeesVnd(), d.isFourOnSite(), d.getStatus().name(), d.getSubState(),
                d.getCurrentAgency(), utc(d.getSubmittedAt()), utc(d.getReceivedAt()), d.getLimitMinutes(), d.isSameDay(),
                utc(d.getOriginalDueAt()), utc(d.getDueAt()),
                utc(d.getPausedAt()), name(d.getPauseKind()), d.getPausedMinutes(), d.getSupplementRequests(),
                d.isExtended(), utc(d.getEndedAt()), name(d.getEndKind()), name(d.getTimeliness()), utc(d.getResolvedAt()),
                utc(d.getLastEventAt()), utc(d.getReturnedAt()), d.isDueSoonNotified(), d.isOverdueNotified(),
                d.getParentId(), d.getStepOrder(), d.getStepPartner(), d.isImported(), d.getVersion(),
                utc(d.getCreatedAt()), utc(d.getUpdatedAt())};
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
