package vn.lienthong.hub.catalog;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalog of agencies and procedures (danh mục thủ tục hành chính): what a dossier may be received for,
 * by which agency, with which time limit, fee and channels.
 *
 * <p>Reads are served from an immutable in-memory snapshot (every dossier intake looks its procedure up), swapped
 * after each change committed here, and polled for changes made by another hub instance
 * ({@code hub.catalog.refresh-interval}, 10 s by default). A change never edits a version: it adds the next one
 * and marks it current, so dossiers keep the version — and the deadline — they were received under.
 *
 * <p>At start-up, before any bean that depends on this service is created, an empty catalog is seeded from
 * {@code catalog/agencies.json} and {@code catalog/procedures.json}, under an advisory lock so that two
 * instances starting together seed it once.
 */
@Service
public class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);
    private static final String SEED_ACTOR = "catalog-file";

    private final CatalogStore store;
    private final TransactionTemplate tx;
    /** Reloads in a transaction of their own, also when run after the commit of a caller's transaction. */
    private final TransactionTemplate readTx;
    private final Object reloadLock = new Object();
    private final ScheduledExecutorService poller;
    private volatile Snapshot snapshot;

    public CatalogService(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                          @Value("${hub.catalog.refresh-interval:PT10S}") Duration refreshInterval) {
        this.store = new CatalogStore(jdbc);
        this.tx = new TransactionTemplate(transactions);
        this.readTx = new TransactionTemplate(transactions);
        readTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        readTx.setReadOnly(true);
        seed();
        reload();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1000, refreshInterval.toMillis());
        poller.scheduleWithFixedDelay(this::refreshIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    // ---- reads (cache) -------------------------------------------------------------------------------------

    /**
     * The current version of a procedure, by national code ({@code 1.001193}) or local code
     * ({@code 2.000815.H56}). Whether it is in force on a given day is {@link ProcedureVersion#validOn}'s
     * business: a closed procedure stays readable.
     */
    public Optional<ProcedureVersion> currentProcedure(String codeOrLocalCode) {
        if (codeOrLocalCode == null) {
            return Optional.empty();
        }
        Snapshot s = snapshot;
        ProcedureVersion p = s.byCode.get(codeOrLocalCode);
        return Optional.ofNullable(p != null ? p : s.byLocalCode.get(codeOrLocalCode));
    }

    /** Any version, current or not, by its id (what a dossier refers to). */
    public Optional<ProcedureVersion> procedureVersion(long id) {
        ProcedureVersion p = snapshot.byId.get(id);
        if (p != null) {
            return Optional.of(p);
        }
        // Added by another instance since the last refresh: versions never change, so reading it is safe.
        return store.byId(id);
    }

    /** Every version of a code, oldest first; empty if the code is unknown. */
    public List<ProcedureVersion> versions(String code) {
        return snapshot.versionsByCode.getOrDefault(code, List.of());
    }

    public Optional<Agency> agency(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(snapshot.agencies.get(code));
    }

    /** The current version of every procedure, by code. */
    public List<ProcedureVersion> currentProcedures() {
        return snapshot.current;
    }

    /** Every agency, by code, including closed ones. */
    public List<Agency> agencies() {
        return snapshot.agencyList;
    }

    /**
     * Current procedures of an agency (null: all) whose code, local code, name or field contain every word of the
     * query (null: all), ignoring case and Vietnamese diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh").
     */
    public List<ProcedureVersion> search(String agencyCode, String query) {
        List<String> words = query == null || query.isBlank() ? List.of()
                : Arrays.asList(fold(query).trim().split("\\s+"));
        List<ProcedureVersion> found = new ArrayList<>();
        for (ProcedureVersion p : snapshot.current) {
            if (agencyCode != null && !agencyCode.equals(p.agencyCode())) {
                continue;
            }
            if (!words.isEmpty()) {
                String text = fold(p.code() + " " + Objects.toString(p.localCode(), "") + " " + p.name() + " "
                        + Objects.toString(p.field(), ""));
                if (!words.stream().allMatch(text::contains)) {
                    continue;
                }
            }
            found.add(p);
        }
        return found;
    }

    /** Lower case without diacritics; đ is d. */
    static String fold(String s) {
        String stripped = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return stripped.replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT);
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /**
     * Creates a procedure (version 1) or changes it: the change is inserted as the next version, marked current,
     * and the previous one is kept, no longer current — in one transaction. A draft identical to the current
     * version changes nothing and returns it (a repeated PUT makes no new version).
     *
     * @param actor who makes the change, recorded with the version
     * @throws CatalogValidationException naming every invalid field; nothing is written
     */
    public ProcedureVersion saveProcedure(ProcedureDraft draft, String actor) {
        requireActor(actor);
        return tx.execute(status -> {
            store.lock();
            ProcedureVersion valid = CatalogRules.procedure(draft, store::agencyExists);
            store.codeClash(valid.code(), valid.code()).ifPresent(other -> {
                throw new CatalogValidationException("code", valid.code() + " is the local code of " + other);
            });
            if (valid.localCode() != null) {
                store.codeClash(valid.code(), valid.localCode()).ifPresent(other -> {
                    throw new CatalogValidationException("localCode",
                            valid.localCode() + " is already a code or local code of " + other);
                });
            }
            Optional<ProcedureVersion> current = store.current(valid.code());
            if (current.isPresent() && current.get().sameContentAs(valid)) {
                return current.get();
            }
            int version = store.maxVersion(valid.code()) + 1;
            store.retireCurrent(valid.code());
            long id = store.insertProcedure(valid, version, actor, false).orElseThrow();
            reloadAfterCommit();
            log.info("Procedure {} version {} saved by {}", valid.code(), version, actor);
            return new ProcedureVersion(id, valid.code(), version, valid.localCode(), valid.name(), valid.field(),
                    valid.agencyCode(), valid.timeLimit(), valid.feeVnd(), valid.channels(), valid.postalReturn(),
                    valid.fourOnSite(), valid.steps(), valid.validFrom(), valid.validTo());
        });
    }

    /**
     * Creates or replaces an agency (agencies carry validity dates rather than versions: close one by setting
     * {@code validTo}).
     *
     * @throws CatalogValidationException naming every invalid field; nothing is written
     */
    public Agency saveAgency(Agency agency, String actor) {
        requireActor(actor);
        return tx.execute(status -> {
            store.lock();
            Agency valid = CatalogRules.agency(agency);
            store.saveAgency(valid, actor, false);
            reloadAfterCommit();
            log.info("Agency {} saved by {}", valid.code(), actor);
            return valid;
        });
    }

    /** Rebuilds the snapshot from the database now (e.g. after a change made outside this service). */
    public void refresh() {
        reload();
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("the actor making a catalog change is required");
        }
    }

    // ---- seeding and the snapshot --------------------------------------------------------------------------

    private void seed() {
        tx.executeWithoutResult(status -> {
            store.lock();
            if (store.agencyCount() > 0) {
                return;
            }
            CatalogFiles.Catalog files = CatalogFiles.load();
            files.agencies().forEach(a -> store.saveAgency(a, SEED_ACTOR, true));
            int inserted = 0;
            for (ProcedureVersion p : files.procedures()) {
                if (store.insertProcedure(p, 1, SEED_ACTOR, true).isPresent()) {
                    inserted++;
                }
            }
            log.info("Catalog seeded from {} and {}: {} agencies, {} procedures", CatalogFiles.AGENCIES,
                    CatalogFiles.PROCEDURES, files.agencies().size(), inserted);
        });
    }

    private void reloadAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                reload();
            }
        });
    }

    private void refreshIfChanged() {
        try {
            String fingerprint = readTx.execute(status -> store.fingerprint());
            if (!Objects.equals(fingerprint, snapshot.fingerprint)) {
                reload();
                log.info("Catalog reloaded: changed by another instance or outside the hub");
            }
        } catch (RuntimeException e) {
            log.warn("Catalog refresh failed; serving the last snapshot: {}", e.toString());
        }
    }

    private void reload() {
        synchronized (reloadLock) {
            snapshot = readTx.execute(status -> {
                // The fingerprint first: a change committed while reading is picked up by the next poll.
                String fingerprint = store.fingerprint();
                return Snapshot.of(store.agencies(), store.procedures(), fingerprint);
            });
        }
    }

    /** An immutable view of the whole catalog. */
    private record Snapshot(Map<String, ProcedureVersion> byCode, Map<String, ProcedureVersion> byLocalCode,
                            Map<Long, ProcedureVersion> byId, Map<String, List<ProcedureVersion>> versionsByCode,
                            List<ProcedureVersion> current, Map<String, Agency> agencies, List<Agency> agencyList,
                            String fingerprint) {

        static Snapshot of(List<Agency> agencies, List<CatalogStore.Row> rows, String fingerprint) {
            Map<String, ProcedureVersion> byCode = new HashMap<>();
            Map<String, ProcedureVersion> byLocalCode = new HashMap<>();
            Map<Long, ProcedureVersion> byId = new HashMap<>();
            Map<String, List<ProcedureVersion>> versions = new HashMap<>();
            List<ProcedureVersion> current = new ArrayList<>();
            for (CatalogStore.Row row : rows) {
                ProcedureVersion p = row.procedure();
                byId.put(p.id(), p);
                versions.computeIfAbsent(p.code(), c -> new ArrayList<>()).add(p);
                if (row.current()) {
                    byCode.put(p.code(), p);
                    if (p.localCode() != null) {
                        byLocalCode.put(p.localCode(), p);
                    }
                    current.add(p);
                }
            }
            current.sort(Comparator.comparing(ProcedureVersion::code));
            versions.replaceAll((code, list) -> List.copyOf(list));
            Map<String, Agency> byAgencyCode = new HashMap<>();
            agencies.forEach(a -> byAgencyCode.put(a.code(), a));
            return new Snapshot(Map.copyOf(byCode), Map.copyOf(byLocalCode), Map.copyOf(byId), Map.copyOf(versions),
                    List.copyOf(current), Map.copyOf(byAgencyCode), List.copyOf(agencies), fingerprint);
        }
    }
}
