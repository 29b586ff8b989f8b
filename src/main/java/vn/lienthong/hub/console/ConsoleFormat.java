package vn.lienthong.hub.console;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;

import org.springframework.stereotype.Component;

import vn.lienthong.hub.calendar.CalendarService;

/**
 * Dates as the center reads them — day first, 24-hour clock, in the center's own zone (the working calendar's,
 * Asia/Ho_Chi_Minh) — whatever the browser's language; durations as compact ages.
 */
@Component
class ConsoleFormat {

    private final CalendarService calendars;

    ConsoleFormat(CalendarService calendars) {
        this.calendars = calendars;
    }

    ZoneId zone() {
        return calendars.current().settings().zone();
    }

    /** {@code 22/11/2026 08:10:05} in the center's zone; null stays null. */
    String at(Object time) {
        Instant t = instant(time);
        return t == null ? null : DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(zone()).format(t);
    }

    /** {@code 22/11/2026} in the center's zone. */
    String day(Object time) {
        Instant t = instant(time);
        return t == null ? null : DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(zone()).format(t);
    }

    static Instant instant(Object time) {
        if (time == null) {
            return null;
        }
        if (time instanceof Instant i) {
            return i;
        }
        if (time instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (time instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (time instanceof Date d) {
            return d.toInstant();
        }
        if (time instanceof String s && !s.isBlank()) {
            try {
                return Instant.parse(s);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** How long ago, compactly: {@code 45s}, {@code 12m 05s}, {@code 3h 04m}, {@code 2d 05h}. */
    static String age(Object since) {
        Instant t = instant(since);
        return t == null ? null : duration(Duration.between(t, Instant.now()));
    }

    static String duration(Duration d) {
        if (d == null) {
            return null;
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd %02dh", s / 86400, (s % 86400) / 3600);
    }
}
