package vn.lienthong.hub.axis;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The national portal's dates: {@code yyyyMMddHHmmss} in Asia/Ho_Chi_Minh (DOMAIN.md). */
public final class PortalTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private PortalTime() {
    }

    public static String format(Instant t) {
        return t == null ? null : FORMAT.format(t.atZone(ZONE));
    }

    /** An ISO-8601 instant (as the hub's JSON carries it) in the portal's format; null stays null. */
    public static String format(String isoInstant) {
        return isoInstant == null || isoInstant.isBlank() ? null : format(Instant.parse(isoInstant));
    }

    public static Instant parse(String portalTime) {
        if (portalTime == null || portalTime.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(portalTime.trim(), FORMAT).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a portal time yyyyMMddHHmmss: '" + portalTime + "'", e);
        }
    }
}
