package vn.lienthong.hub.device;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The period of a device report: whole local days in Asia/Ho_Chi_Minh, both ends inclusive, at most five years —
 * the instants [00:00 of {@code from}, 00:00 of the day after {@code to}).
 */
public record ReportDays(LocalDate from, LocalDate to) {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public ReportDays {
        if (to.isBefore(from)) {
            throw new InvalidDeviceRequest("to", "the period ends (" + to + ") before it starts (" + from + ")");
        }
        if (!to.isBefore(from.plusYears(5))) {
            throw new InvalidDeviceRequest("to", "a period is at most 5 years");
        }
    }

    public static ReportDays parse(String from, String to) {
        return new ReportDays(date("from", from), date("to", to));
    }

    public Instant start() {
        return from.atStartOfDay(ZONE).toInstant();
    }

    public Instant end() {
        return to.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDeviceRequest(field, "required: a date yyyy-MM-dd");
        }
        if (!ISO_DATE.matcher(text.trim()).matches()) {
            throw new InvalidDeviceRequest(field, "a date yyyy-MM-dd; got '" + DeviceMessages.abbreviate(text) + "'");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidDeviceRequest(field, "not a calendar date: '" + text.trim() + "'");
        }
    }
}
