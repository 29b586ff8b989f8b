package vn.lienthong.hub.device;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.stereotype.Component;

/**
 * Reads a device message: the topic names the device and the channel, the payload must be a JSON object of at
 * most {@code hub.devices.max-payload-bytes} that matches the channel's schema ({@code schemas/json/device-*.schema.json})
 * and come from a registered device entitled to that topic. Anything else is a {@link RefusedDeviceMessage} with the
 * rule that failed.
 */
@Component
public class DeviceMessages {

    private final ObjectReader reader;
    private final ObjectMapper json;
    private final DeviceRegistry registry;
    private final DeviceSettings settings;
    private final Map<DeviceKind.Channel, JsonSchema> schemas = new EnumMap<>(DeviceKind.Channel.class);

    DeviceMessages(ObjectMapper json, DeviceRegistry registry, DeviceSettings settings) {
        this.json = json;
        this.registry = registry;
        this.settings = settings;
        this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (DeviceKind.Channel channel : DeviceKind.Channel.values()) {
            schemas.put(channel, factory.getSchema(SchemaLocation.of(schemaFile(channel)), config));
        }
    }

    static String schemaFile(DeviceKind.Channel channel) {
        return "classpath:schemas/json/device-" + channel.topicLevel() + ".schema.json";
    }

    /** The event in a message, or a {@link RefusedDeviceMessage} saying why there is none. */
    public DeviceEvent read(String topicName, byte[] payload) {
        DeviceTopic topic = DeviceTopic.parse(topicName).orElseThrow(() -> new RefusedDeviceMessage(
                "not a device topic: " + abbreviate(topicName) + " (expected hcc/<center>/<queue|rating|status>/<deviceId>)"));
        int size = payload == null ? 0 : payload.length;
        if (size > settings.getMaxPayloadBytes()) {
            throw new RefusedDeviceMessage("too large: " + size + " bytes, at most " + settings.getMaxPayloadBytes());
        }
        if (size == 0) {
            throw new RefusedDeviceMessage("not JSON: empty payload");
        }
        JsonNode node;
        try {
            node = reader.readTree(payload);
        } catch (IOException e) {
            throw new RefusedDeviceMessage("not JSON: " + abbreviate(firstLine(e.getMessage())));
        }
        if (node == null || !node.isObject()) {
            throw new RefusedDeviceMessage("not a JSON object: the payload is " + (node == null ? "empty" : node.getNodeType()));
        }
        Set<ValidationMessage> errors = schemas.get(topic.channel()).validate(node);
        if (!errors.isEmpty()) {
            throw new RefusedDeviceMessage("schema device-" + topic.channel().topicLevel() + ": " + errors.stream()
                    .map(DeviceMessages::describe).sorted().limit(5).collect(Collectors.joining("; ")));
        }
        // text the store can keep: no NUL, no unpaired surrogate (it would be stored as '?')
        java.util.Optional<String> text = vn.lienthong.hub.platform.web.Texts.problem(node);
        if (text.isPresent()) {
            throw new RefusedDeviceMessage("schema device-" + topic.channel().topicLevel() + ": "
                    + (text.get().contains("NUL") ? "a text contains a NUL character" : text.get()));
        }
        String compact = compact(node);
        DeviceIdentity device = registry.identity(topic.deviceId()).orElseThrow(() -> new RefusedDeviceMessage(
                "unknown device " + topic.deviceId() + ": not in the device registry"));
        if (!device.mayPublishOn(topic)) {
            throw new RefusedDeviceMessage("device " + device.deviceId() + " (" + device.kind() + " of center "
                    + device.center() + ") does not publish on " + topic.mqttTopic());
        }
        return event(topic, node, compact);
    }

    private DeviceEvent event(DeviceTopic topic, JsonNode n, String payload) {
        Instant at = instant(n.path("at").asText());
        return switch (topic.channel()) {
            case QUEUE -> new DeviceEvent(topic.deviceId(), n.path("eventId").asText(), topic.center(), topic.channel(),
                    n.path("type").asText(), at, text(n, "ticket"), text(n, "serviceArea"), text(n, "counterId"),
                    text(n, "officerId"), text(n, "dossierCode"), null, null, null, null, payload);
            case RATING -> new DeviceEvent(topic.deviceId(), n.path("eventId").asText(), topic.center(), topic.channel(),
                    "RATING", at, null, null, text(n, "counterId"), text(n, "officerId"), text(n, "dossierCode"),
                    n.path("rating").asText(), null, null, null, payload);
            case STATUS -> new DeviceEvent(topic.deviceId(), "status@" + at, topic.center(), topic.channel(), "STATUS",
                    at, null, null, null, null, null, null, n.path("state").asText(),
                    n.hasNonNull("battery") ? n.get("battery").intValue() : null, text(n, "firmware"), payload);
        };
    }

    /** One schema violation: where, which rule, and the value found there (for a value, not an object). */
    static String describe(ValidationMessage m) {
        String location = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        String message = m.getMessage();
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        StringBuilder out = new StringBuilder(location.isEmpty() ? "/" : location).append(": ").append(message);
        JsonNode value = m.getInstanceNode();
        if (value != null && value.isValueNode()) {
            out.append(" (got ").append(abbreviate(value.toString())).append(')');
        }
        return out.toString();
    }

    static Instant instant(String text) {
        Instant common = commonInstant(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new RefusedDeviceMessage("schema: /at: '" + abbreviate(text) + "' is not an RFC 3339 date-time");
        }
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)} read by hand: {@link OffsetDateTime#parse}
     * costs about a tenth of reading a message (its formatter builds a map of parsed fields each time). Null for
     * anything else or any value out of range, which the formatter then reads or refuses as before — so this
     * accepts nothing the formatter would refuse, and gives the same instant for what it accepts.
     */
    static Instant commonInstant(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            int width = i - start;
            if (width == 0) {
                return null;
            }
            for (int k = width; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char c = s.charAt(i);
        if ((c == 'Z' || c == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || om > 59 || oh * 3600 + om * 60 > 18 * 3600) {
                return null;
            }
            offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The value of {@code width} decimal digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int width) {
        int v = 0;
        for (int i = from; i < from + width; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private String compact(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
