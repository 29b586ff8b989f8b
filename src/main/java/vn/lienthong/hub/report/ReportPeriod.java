package vn.lienthong.hub.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A report period: whole local days in Asia/Ho_Chi_Minh, both ends inclusive, at most five years.
 *
 * <p>As instants it is the half-open interval [{@link #fromInstant()}, {@link #endInstant()}): from 00:00 of
 * {@code from} to 00:00 of the day after {@code to}. A dossier received at 23:59:59 on {@code to} is in the
 * period; one received at 00:00 the next day is not.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {

    /** The zone the center's days are counted in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** The longest period a report covers. */
    public static final int MAX_YEARS = 5;

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidReportRequest("to", "the period ends (" + to + ") before it starts (" + from + ")");
        }
        // from 2020-01-01: the last day allowed is 2024-12-31 (five years exactly); 2025-01-01 is one day too many
        if (!to.isBefore(from.plusYears(MAX_YEARS))) {
            throw new InvalidReportRequest("to", "a period is at most " + MAX_YEARS + " years; " + from + " to " + to
                    + " is longer");
        }
    }

    /** Parses the two query parameters (yyyy-MM-dd), refusing missing or malformed dates. */
    public static ReportPeriod parse(String from, String to) {
        return new ReportPeriod(date("from", from), date("to", to));
    }

    /** 00:00 of {@code from} in the center's zone: the first instant in the period. */
    public Instant fromInstant() {
        return from.atStartOfDay(ZONE).toInstant();
    }

    /** 00:00 of the day after {@code to} in the center's zone: the first instant after the period (exclusive). */
    public Instant endInstant() {
        return to.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReportRequest(field, "required: a date yyyy-MM-dd");
        }
        String t = text.trim();
        if (!ISO_DATE.matcher(t).matches()) {
            throw new InvalidReportRequest(field, "a date yyyy-MM-dd; got '" + abbreviate(text) + "'");
        }
        try {
            LocalDate d = LocalDate.parse(t);
            if (d.getYear() < 1900) {
                throw new InvalidReportRequest(field, "a date from 1900 on; got '" + t + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidReportRequest(field, "not a calendar date: '" + t + "'");
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
