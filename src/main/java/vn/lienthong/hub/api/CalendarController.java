package vn.lienthong.hub.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.calendar.CalendarDay;
import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.calendar.CalendarSettings;
import vn.lienthong.hub.calendar.DayKind;
import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.calendar.WorkingCalendar;
import vn.lienthong.hub.catalog.CatalogValidationException.Violation;
import vn.lienthong.hub.platform.web.Problems;

/**
 * The working calendar: read by every client and operator, amended by ADMIN only (a day off declared by the
 * province, a cancelled swap) with effect on due dates computed from then on, without a restart.
 */
@RestController
@RequestMapping(path = "/api/v1/calendar", produces = MediaType.APPLICATION_JSON_VALUE)
class CalendarController {

    private static final Logger log = LoggerFactory.getLogger(CalendarController.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final CalendarService calendar;

    CalendarController(CalendarService calendar) {
        this.calendar = calendar;
    }

    /** The settings and the listed days of a year (this year in the calendar's zone by default). */
    @GetMapping
    Map<String, Object> calendarOfYear(@RequestParam(required = false) String year) {
        WorkingCalendar current = calendar.current();
        CalendarSettings settings = current.settings();
        int y = year == null ? LocalDate.now(settings.zone()).getYear() : parseYear(year);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("year", y);
        body.put("zone", settings.zone().getId());
        body.put("weekend", settings.weekend().stream().sorted().map(Enum::name).toList());
        body.put("officeHours", settings.officeHours().ranges().stream()
                .map(r -> Map.of("from", HH_MM.format(r.from()), "to", HH_MM.format(r.to()))).toList());
        body.put("sameDayCutoff", HH_MM.format(settings.sameDayCutoff()));
        body.put("days", calendar.days(y));
        return body;
    }

    /** Adds or replaces the entry of a date: {@code {"kind": "HOLIDAY", "name": "…"}}. */
    @PutMapping(path = "/days/{date}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    CalendarDay amend(@PathVariable String date, @RequestBody DayBody body, Authentication auth) {
        LocalDate day = date("date", date);
        if (day.getYear() < CalendarService.FIRST_YEAR || day.getYear() > CalendarService.LAST_YEAR) {
            throw new InvalidField("date", "a date in " + CalendarService.FIRST_YEAR + "–" + CalendarService.LAST_YEAR
                    + "; got " + day);
        }
        if (body == null) {
            throw new InvalidField("body", "{\"kind\": …, \"name\": …} is required");
        }
        if (body.kind() == null) {
            throw new InvalidField("kind", "required: one of " + Arrays.toString(DayKind.values()));
        }
        DayKind kind;
        try {
            kind = DayKind.valueOf(body.kind());
        } catch (IllegalArgumentException e) {
            throw new InvalidField("kind", "one of " + Arrays.toString(DayKind.values()) + "; got '" + body.kind() + "'");
        }
        if (body.name() == null || body.name().isBlank()) {
            throw new InvalidField("name", "required: why the day deviates (the announcement)");
        }
        if (body.name().strip().length() > CalendarService.MAX_NAME_LENGTH) {
            throw new InvalidField("name", "at most " + CalendarService.MAX_NAME_LENGTH + " characters");
        }
        try {
            return calendar.amend(new CalendarDay(day, kind, body.name()), auth.getName());
        } catch (IllegalArgumentException e) {
            // the kind does not fit the day of the week (e.g. WORKING on a weekday)
            throw new InvalidField("kind", e.getMessage());
        }
    }

    /** Removes the entry of a date, which then follows the plain weekday rule. */
    @DeleteMapping("/days/{date}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> remove(@PathVariable String date, Authentication auth) {
        calendar.remove(date("date", date), auth.getName());
        return ResponseEntity.noContent().build();
    }

    /**
     * The due date of a dossier received at {@code from} (an ISO instant, or a date-time with an offset) with a
     * time limit of {@code value} {@code unit}, on the current calendar.
     */
    @GetMapping("/due-date")
    Map<String, Object> dueDate(@RequestParam(required = false) String from, @RequestParam(required = false) String value,
            @RequestParam(required = false) String unit) {
        Instant receivedAt = instant(from);
        TimeLimit limit = limit(value, unit);
        ZoneId zone = calendar.current().settings().zone();
        int year = receivedAt.atZone(zone).getYear();
        if (year < CalendarService.FIRST_YEAR || year > CalendarService.LAST_YEAR) {
            // outside the years the calendar can describe, every weekday would silently count as a working day
            throw new InvalidField("from", "a moment in " + CalendarService.FIRST_YEAR + "–" + CalendarService.LAST_YEAR
                    + "; got " + from);
        }
        Instant due = calendar.dueDates().dueAt(receivedAt, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dueAt", due.toString());
        body.put("dueAtLocal", OffsetDateTime.ofInstant(due, zone).toString());
        return body;
    }

    record DayBody(String kind, String name) {
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    private static int parseYear(String text) {
        try {
            int y = Integer.parseInt(text.trim());
            if (y >= 1900 && y <= 2200) {
                return y;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidField("year", "a year between 1900 and 2200; got '" + text + "'");
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidField(field, "a date yyyy-MM-dd; got '" + text + "'");
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidField("from", "required: when the dossier is received, e.g. 2026-03-02T02:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidField("from", "an ISO instant or date-time with offset, e.g. 2026-03-02T02:00:00Z or "
                        + "2026-03-02T09:00:00+07:00; got '" + text + "'");
            }
        }
    }

    private static TimeLimit limit(String value, String unit) {
        LimitUnit u;
        if (unit == null) {
            throw new InvalidField("unit", "required: WORKING_DAY or WORKING_HOUR");
        }
        try {
            u = LimitUnit.valueOf(unit);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("unit", "WORKING_DAY or WORKING_HOUR; got '" + unit + "'");
        }
        int v;
        try {
            v = Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField("value", "required: a whole number of working days or hours; got '" + value + "'");
        }
        if (v < 0 || v > 1000 || (v == 0 && u == LimitUnit.WORKING_HOUR)) {
            throw new InvalidField("value", "between 0 and 1000 (0 only with WORKING_DAY: same day); got " + v);
        }
        return new TimeLimit(v, u);
    }

    // ---- errors (handled here first, so they name the field; the rest go to ApiExceptionHandler) ------------

    /** A refused parameter or body field. */
    static final class InvalidField extends RuntimeException {
        private final String field;

        InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    @ExceptionHandler(InvalidField.class)
    ResponseEntity<ProblemDetail> invalid(InvalidField e) {
        log.info("Refused calendar request: {}: {}", e.field, e.getMessage());
        return CatalogController.RequestErrors.invalid(List.of(new Violation(e.field, e.getMessage())));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ProblemDetail> unknownDay(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "unknown-calendar-day", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return CatalogController.RequestErrors.unreadable(e);
    }

    /** Left to Spring Security (403 with reason "forbidden"), whatever advice exists for other exceptions. */
    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }
}
