package vn.lienthong.hub.dossier;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
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

    public String next(String agencyCode, LocalDate day) {
        Integer n = autocommit.queryForObject("""
                insert into dossier_sequence (agency_code, day, last_value) values (?, ?, 1)
                on conflict (agency_code, day) do update set last_value = dossier_sequence.last_value + 1
                returning last_value""", Integer.class, agencyCode, day);
        if (n == null || n > 9999) {
            throw new InvalidDossierException("code", "sequence-exhausted",
                    "agency " + agencyCode + " has used all 9,999 receipt numbers of " + day);
        }
        return format(agencyCode, day, n);
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
