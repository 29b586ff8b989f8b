package vn.lienthong.hub.calendar;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Table {@code calendar_day} (V2__dossier_store.sql): the deviations of the working calendar. */
final class CalendarDayStore {

    /** Serializes amendments and the seeding across hub instances (transaction-scoped advisory lock). */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('lienthong.calendar'))";

    private final JdbcTemplate jdbc;

    CalendarDayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void lock() {
        jdbc.query(LOCK, rs -> { });
    }

    long count() {
        return jdbc.queryForObject("select count(*) from calendar_day", Long.class);
    }

    /** Inserts the days that are not there yet; returns how many were inserted. */
    int insertAbsent(Collection<CalendarDay> days, String actor) {
        // counted from the table: a batch rewritten into multi-row inserts (reWriteBatchedInserts) has no row counts
        long before = count();
        jdbc.batchUpdate("insert into calendar_day (day, kind, name, updated_by) values (?, ?, ?, ?) "
                        + "on conflict (day) do nothing", days, 500,
                (ps, d) -> {
                    ps.setObject(1, d.date());
                    ps.setString(2, d.kind().name());
                    ps.setString(3, d.name());
                    ps.setString(4, actor);
                });
        return (int) (count() - before);
    }

    void upsert(CalendarDay day, String actor) {
        jdbc.update("insert into calendar_day (day, kind, name, updated_by) values (?, ?, ?, ?) on conflict (day) "
                        + "do update set kind = excluded.kind, name = excluded.name, updated_at = now(), "
                        + "updated_by = excluded.updated_by",
                day.date(), day.kind().name(), day.name(), actor);
    }

    boolean delete(LocalDate day) {
        return jdbc.update("delete from calendar_day where day = ?", day) > 0;
    }

    List<CalendarDay> all() {
        return jdbc.query("select day, kind, name from calendar_day order by day",
                (rs, n) -> new CalendarDay(rs.getObject("day", LocalDate.class), DayKind.valueOf(rs.getString("kind")),
                        rs.getString("name")));
    }

    /** Changes whenever a day is added, changed or removed, by this instance or another. */
    String fingerprint() {
        return jdbc.queryForObject("select count(*) || '/' || coalesce(max(updated_at)::text, '-') || '/' "
                + "|| coalesce(sum(hashtext(day::text || kind || name)::bigint), 0) from calendar_day", String.class);
    }
}
