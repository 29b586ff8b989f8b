package vn.lienthong.hub.console;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the store holds right now. Colleagues' features (devices, parcels, the national axis) bring their tables in
 * their own migrations; the console asks before it reads one and shows "not available" when it is not there yet.
 * Answers are kept a short while: a table appears only with a migration, that is at a (re)start.
 */
@Component
class Tables {

    private static final Duration KEEP = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Set<String> columns, Instant at) {
    }

    Tables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(String table) {
        return !columns(table).isEmpty();
    }

    /** The table's columns in the current schema; empty when there is no such table. */
    Set<String> columns(String table) {
        Known k = known.get(table);
        if (k == null || k.at().plus(KEEP).isBefore(Instant.now())) {
            Set<String> cols = new HashSet<>(jdbc.queryForList("""
                    select column_name from information_schema.columns
                    where table_schema = current_schema() and table_name = ?""", String.class, table));
            k = new Known(Set.copyOf(cols), Instant.now());
            known.put(table, k);
        }
        return k.columns();
    }

    /** Forgets what it knew (tests that create a table inside a rolled-back transaction). */
    void forget() {
        known.clear();
    }

    /** The first of the candidate columns the table has, or null. */
    String first(String table, String... candidates) {
        Set<String> cols = columns(table);
        for (String c : candidates) {
            if (cols.contains(c)) {
                return c;
            }
        }
        return null;
    }
}
