package vn.lienthong.hub.calendar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the JSON form of a {@link WorkingCalendar}.
 *
 * <p>The tree is walked by hand rather than bound to classes so that every error names the entry it is in
 * (e.g. {@code days[41] (2025-04-26)}): the file is edited by people when a schedule is announced, and a typo
 * must be refused with a message they can act on, never silently read as a working day.
 */
final class CalendarFile {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private static final Set<String> ROOT_FIELDS =
            Set.of("zone", "weekend", "officeHours", "sameDayCutoff", "days", "notes");
    private static final Set<String> RANGE_FIELDS = Set.of("from", "to");
    private static final Set<String> DAY_FIELDS = Set.of("date", "kind", "name");

    private CalendarFile() {
    }

    static WorkingCalendar read(InputStream json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("calendar: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("calendar: the document must be a JSON object");
        }
        checkFields(root, ROOT_FIELDS, "calendar");

        ZoneId zone = zone(required(root, "zone", "calendar"));
        Set<DayOfWeek> weekend = weekend(required(root, "weekend", "calendar"));
        OfficeHours officeHours = officeHours(required(root, "officeHours", "calendar"));
        LocalTime cutoff = time(required(root, "sameDayCutoff", "calendar"), "sameDayCutoff");
        CalendarSettings settings = build("calendar settings",
                () -> new CalendarSettings(zone, weekend, officeHours, cutoff));
        List<CalendarDay> days = days(required(root, "days", "calendar"));
        return build("calendar days", () -> new WorkingCalendar(settings, days));
    }

    private static ZoneId zone(JsonNode node) {
        String text = text(node, "zone");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: unknown time zone '" + text + "'", e);
        }
    }

    private static Set<DayOfWeek> weekend(JsonNode node) {
        array(node, "weekend");
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < node.size(); i++) {
            String where = "weekend[" + i + "]";
            String text = text(node.get(i), where);
            DayOfWeek dow;
            try {
                dow = DayOfWeek.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown day of the week '" + text + "'; expected one of "
                        + Arrays.toString(DayOfWeek.values()));
            }
            if (!weekend.add(dow)) {
                throw new IllegalArgumentException(where + ": " + dow + " is listed twice");
            }
        }
        return weekend;
    }

    private static OfficeHours officeHours(JsonNode node) {
        array(node, "officeHours");
        List<TimeRange> ranges = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "officeHours[" + i + "]";
            JsonNode range = node.get(i);
            object(range, where);
            checkFields(range, RANGE_FIELDS, where);
            LocalTime from = time(required(range, "from", where), where + ".from");
            LocalTime to = time(required(range, "to", where), where + ".to");
            ranges.add(build(where, () -> new TimeRange(from, to)));
        }
        return build("officeHours", () -> new OfficeHours(ranges));
    }

    private static List<CalendarDay> days(JsonNode node) {
        array(node, "days");
        List<CalendarDay> days = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "days[" + i + "]";
            object(entry, where);
            String dateText = text(required(entry, "date", where), where + ".date");
            where = where + " (" + dateText + ")";
            checkFields(entry, DAY_FIELDS, where);
            LocalDate date;
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": invalid date, expected yyyy-MM-dd", e);
            }
            String kindText = text(required(entry, "kind", where), where + ".kind");
            DayKind kind;
            try {
                kind = DayKind.valueOf(kindText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown kind '" + kindText + "'; expected one of "
                        + Arrays.toString(DayKind.values()));
            }
            String name = text(required(entry, "name", where), where + ".name");
            days.add(build(where, () -> new CalendarDay(date, kind, name)));
        }
        return days;
    }

    private static LocalTime time(JsonNode node, String where) {
        String text = text(node, where);
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": invalid time '" + text + "', expected HH:mm", e);
        }
    }

    private static JsonNode required(JsonNode object, String field, String where) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": missing '" + field + "'");
        }
        return value;
    }

    private static void checkFields(JsonNode object, Set<String> allowed, String where) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown field '" + name + "'; expected "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(where + ": expected a string, found " + node);
        }
        return node.asText();
    }

    private static void array(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + ": expected an array");
        }
    }

    private static void object(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
    }

    /** Runs a constructor, prefixing its validation message with where the values came from. */
    private static <T> T build(String where, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
