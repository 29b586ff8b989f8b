package vn.lienthong.hub.report;

import java.util.List;
import java.util.Locale;

/**
 * Optional restrictions of a report: one agency, one procedure, one channel. A {@code null} field is no
 * restriction. Every figure of the report (received, resolved, in progress, refused, …) is then counted over the
 * matching dossiers only.
 */
public record ReportFilter(String agency, String procedure, String channel) {

    /** The channels of {@code dossier.channel} (KenhThucHien 1 in person, 3 post, 2 online). */
    public static final List<String> CHANNELS = List.of("DIRECT", "POSTAL", "ONLINE");

    static final int MAX_CODE_LENGTH = 64;

    public static final ReportFilter NONE = new ReportFilter(null, null, null);

    /** From the query parameters: blank means absent; the channel is matched without regard to case. */
    public static ReportFilter parse(String agency, String procedure, String channel) {
        return new ReportFilter(code("agency", agency), code("procedure", procedure), channel(channel));
    }

    private static String code(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > MAX_CODE_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidReportRequest(field, "not a code: '" + ReportPeriod.abbreviate(v) + "'");
        }
        return v;
    }

    private static String channel(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!CHANNELS.contains(v)) {
            throw new InvalidReportRequest("channel", "one of " + CHANNELS + "; got '" + ReportPeriod.abbreviate(value) + "'");
        }
        return v;
    }
}
