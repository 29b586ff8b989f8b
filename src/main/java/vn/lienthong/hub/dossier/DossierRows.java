package vn.lienthong.hub.dossier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dossiers of a batch read and written by JDBC: the batches of changes (DossierService#applyTogether) and the
 * views of a batch of events (DossierService#views). One statement reads the rows of any number of dossiers, one
 * their pauses, and one JDBC batch writes the changed ones, checked against the version each was read at.
 * <p>
 * Hibernate's multi-id load built its SQL anew for each call, and its flush compared every column of every loaded
 * dossier and bound them through its mutation coordinator: together two thirds of the change writers' CPU at 500
 * transitions/s (flight recording, 2026-12-07). The entity is still the mapping: {@link Dossier#COLUMNS} are the
 * columns it maps, and DossierApiIT reads dossiers both ways and compares them.
 */
@Component
class DossierRows {

    /** The columns the entity maps {@code updatable = false} (DossierApiIT checks the update against the entity). */
    private static final Set<String> NOT_UPDATED = Set.of("id", "code", "procedure_id", "procedure_code", "agency_code",
            "created_at");
    /** Where each column the update sets stands in {@link Dossier#COLUMNS} (and in {@code IntakeWriter#columns}). */
    private static final int[] SET = IntStream.range(0, Dossier.COLUMN_NAMES.size())
            .filter(i -> !NOT_UPDATED.contains(Dossier.COLUMN_NAMES.get(i))).toArray();
    private static final int VERSION = Dossier.COLUMN_NAMES.indexOf("version");

    /** Every column Hibernate's update writes (all but the ones mapped {@code updatable = false}). */
    static final String UPDATE = "update dossier set "
            + Arrays.stream(SET).mapToObj(i -> Dossier.COLUMN_NAMES.get(i) + " = ?").collect(Collectors.joining(", "))
            + "\nwhere id = ? and version = ?";

    /** A dossier read for a change, with what it was when read: its version and its pauses. */
    static final class Read {
        final Dossier dossier;
        private final long version;
        private final List<Pause> pauses = new ArrayList<>(); // copies: Lifecycle ends the last one in place

        private Read(Dossier dossier) {
            this.dossier = dossier;
            this.version = dossier.getVersion();
        }
    }

    private final JdbcTemplate jdbc;

    DossierRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The dossiers of these codes (the unknown ones are absent), locked for a change in code order (two writers
     * locking overlapping sets never deadlock), with their pauses.
     */
    List<Read> lock(Collection<String> codes) {
        List<Read> read = jdbc.query("select " + Dossier.COLUMNS + " from dossier where code = any(?) order by code for update",
                (rs, i) -> new Read(Dossier.fromRow(rs)), (Object) codes.toArray(String[]::new));
        pauses(read.stream().map(r -> r.dossier).toList());
        read.forEach(r -> r.dossier.getPauses().forEach(p -> r.pauses.add(copy(p))));
        return read;
    }

    /** The dossiers of these codes with their pauses, in no particular order; the unknown ones are absent. */
    List<Dossier> byCodes(Collection<String> codes) {
        List<Dossier> found = jdbc.query("select " + Dossier.COLUMNS + " from dossier where code = any(?)",
                (rs, i) -> Dossier.fromRow(rs), (Object) codes.toArray(String[]::new));
        pauses(found);
        return found;
    }

    /**
     * Writes the dossiers as the batch left them, each only if it still has the version it was read at (it is
     * locked, so it has; the check keeps Hibernate's promise anyway), and their new and changed pauses (Lifecycle
     * adds pauses and ends the last one).
     *
     * @throws OptimisticLockingFailureException if a dossier changed since it was read: the whole batch is then
     *                                           rolled back, and its events are applied one by one
     */
    void write(Collection<Read> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(changed.size());
        List<Object[]> changedPauses = new ArrayList<>();
        List<Object[]> added = new ArrayList<>();
        for (Read r : changed) {
            Dossier d = r.dossier;
            Object[] values = IntakeWriter.columns(d); // the insert's values, in the order of Dossier.COLUMNS
            values[VERSION] = r.version + 1;
            Object[] row = new Object[SET.length + 2];
            for (int k = 0; k < SET.length; k++) {
                row[k] = values[SET[k]];
            }
            row[SET.length] = d.getId();
            row[SET.length + 1] = r.version;
            rows.add(row);
            List<Pause> now = d.getPauses();
            if (now.size() < r.pauses.size()) {
                throw new IllegalStateException("pauses of dossier " + d.getCode() + " were removed: " + r.pauses + " -> " + now);
            }
            for (int seq = 0; seq < now.size(); seq++) {
                Pause p = now.get(seq);
                if (seq >= r.pauses.size()) {
                    added.add(new Object[] {d.getId(), seq, p.getKind().name(), IntakeWriter.utc(p.getStartedAt()),
                            IntakeWriter.utc(p.getEndedAt()), p.getWorkingMinutes()});
                } else if (!same(p, r.pauses.get(seq))) {
                    changedPauses.add(new Object[] {p.getKind().name(), IntakeWriter.utc(p.getStartedAt()),
                            IntakeWriter.utc(p.getEndedAt()), p.getWorkingMinutes(), d.getId(), seq});
                }
            }
        }
        int[] counts = jdbc.batchUpdate(UPDATE, rows);
        int i = 0;
        for (Read r : changed) {
            if (counts[i++] != 1) {
                throw new OptimisticLockingFailureException("dossier " + r.dossier.getCode() + " changed since version "
                        + r.version + " was read");
            }
        }
        if (!changedPauses.isEmpty()) {
            jdbc.batchUpdate("""
                    update dossier_pause set kind = ?, started_at = ?, ended_at = ?, working_minutes = ?
                    where dossier_id = ? and seq = ?""", changedPauses);
        }
        if (!added.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into dossier_pause (dossier_id, seq, kind, started_at, ended_at, working_minutes)
                    values (?, ?, ?, ?, ?, ?)""", added);
        }
        changed.forEach(r -> r.dossier.versionWritten(r.version + 1));
    }

    private void pauses(List<Dossier> dossiers) {
        if (dossiers.isEmpty()) {
            return;
        }
        Map<Long, Dossier> byId = new HashMap<>();
        dossiers.forEach(d -> byId.put(d.getId(), d));
        jdbc.query("""
                select dossier_id, kind, started_at, ended_at, working_minutes from dossier_pause
                where dossier_id = any(?) order by dossier_id, seq""", rs -> {
                    byId.get(rs.getLong(1)).pausesMutable().add(new Pause(PauseKind.valueOf(rs.getString(2)),
                            Dossier.instant(rs, 3), Dossier.instant(rs, 4), rs.getObject(5, Long.class)));
                }, (Object) byId.keySet().toArray(Long[]::new));
    }

    private static Pause copy(Pause p) {
        return new Pause(p.getKind(), p.getStartedAt(), p.getEndedAt(), p.getWorkingMinutes());
    }

    private static boolean same(Pause a, Pause b) {
        return a.getKind() == b.getKind() && Objects.equals(a.getStartedAt(), b.getStartedAt())
                && Objects.equals(a.getEndedAt(), b.getEndedAt()) && Objects.equals(a.getWorkingMinutes(), b.getWorkingMinutes());
    }
}
