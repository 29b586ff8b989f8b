package vn.lienthong.hub.dossier;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Allocates dossier codes {@code <agency code>-YYMMDD-XXXX}: a 4-digit sequence per agency per day. Each number
 * is taken in its own short auto-committed statement, so the counter row is locked for microseconds, not for
 * the whole intake transaction; a number whose intake then fails is skipped, never reused.
 */
@Component
public class DossierCodes {

    public static final Pattern AGENCY_CODE = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}");
    public static final Pattern CODE = Pattern.compile("(\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2})-(\\d{6})-(\\d{4})");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final JdbcTemplate autocommit;

    DossierCodes(DataSource dataSource) {
        // a JdbcTemplate on the raw DataSource: outside any surrounding transaction
        this.autocommit = new JdbcTemplate(dataSource);
    }

    /** An agency's day of receipt numbers. */
    record Day(String agencyCode, LocalDate day) {
    }

    public String next(String agencyCode, LocalDate day) {
        Day key = new Day(agencyCode, day);
        return code(key, take(Map.of(key, 1)).get(key));
    }

    /**
     * Takes the next {@code count} numbers of each day in one statement; returns the last number taken of each (the
     * numbers {@code last - count + 1 .. last} are the caller's). Days are locked in key order, so two writers taking
     * numbers of the same days at once never deadlock.
     */
    Map<Day, Integer> take(Map<Day, Integer> count) {
        List<Day> days = count.keySet().stream()
                .sorted(Comparator.comparing(Day::agencyCode).thenComparing(Day::day)).toList();
        Map<Day, Integer> last = new HashMap<>();
        autocommit.query(c -> {
            PreparedStatement ps = c.prepareStatement("""
                    insert into dossier_sequence (agency_code, day, last_value)
                    select agency_code, day, n from unnest(?::text[], ?::date[], ?::int[]) with ordinality
                        as t(agency_code, day, n, i) order by i
                    on conflict (agency_code, day) do update set last_value = dossier_sequence.last_value + excluded.last_value
                    returning agency_code, day, last_value""");
            ps.setArray(1, c.createArrayOf("text", days.stream().map(Day::agencyCode).toArray()));
            ps.setArray(2, c.createArrayOf("date", days.stream().map(d -> java.sql.Date.valueOf(d.day())).toArray()));
            ps.setArray(3, c.createArrayOf("int4", days.stream().map(count::get).toArray()));
            return ps;
        }, rs -> {
            last.put(new Day(rs.getString(1), rs.getObject(2, LocalDate.class)), rs.getInt(3));
        });
        return last;
    }

    /** The code of a receipt number, or {@code sequence-exhausted} past the day's 9,999. */
    String code(Day day, int number) {
        if (number > 9999) {
            throw new InvalidDossierException("code", "sequence-exhausted",
                    "agency " + day.agencyCode() + " has used all 9,999 receipt numbers of " + day.day());
        }
        return format(day.agencyCode(), day.day(), number);
    }

    /** Marks an imported code's number as used, so new dossiers of that day never take it again. */
    void reserve(String agencyCode, LocalDate day, int number) {
        autocommit.update("""
                insert into dossier_sequence (agency_code, day, last_value) values (?, ?, ?)
                on conflict (agency_code, day) do update
                set last_value = greatest(dossier_sequence.last_value, excluded.last_value)""", agencyCode, day, number);
    }

    static String format(String agencyCode, LocalDate day, int n) {
        return agencyCode + "-" + YYMMDD.format(day) + "-" + String.format("%04d", n);
    }
}
