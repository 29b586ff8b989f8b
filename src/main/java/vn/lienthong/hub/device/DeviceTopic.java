package vn.lienthong.hub.device;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device topic {@code hcc/<center>/<queue|rating|status>/<deviceId>} (DESIGN.md, messaging names). On Artemis the
 * same topic is the address {@code hcc.<center>.<channel>.<deviceId>}: MQTT's {@code /} is Artemis's {@code .}.
 */
public record DeviceTopic(String center, DeviceKind.Channel channel, String deviceId) {

    public static final String ROOT = "hcc";
    /** Device ids and centers: one topic level that is also one Artemis address word (no / . + # * or spaces). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public DeviceTopic {
        if (!isId(center)) {
            throw new IllegalArgumentException("invalid center " + center);
        }
        if (!isId(deviceId)) {
            throw new IllegalArgumentException("invalid device id " + deviceId);
        }
        if (channel == null) {
            throw new IllegalArgumentException("no channel");
        }
    }

    /** Parses an MQTT topic; empty when it is not a device topic. */
    public static Optional<DeviceTopic> parse(String topic) {
        return parse(topic, '/');
    }

    /** Parses an Artemis address (also {@code address::queue}); empty when it is not a device topic's address. */
    public static Optional<DeviceTopic> parseAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int fq = address.indexOf("::");
        return parse(fq >= 0 ? address.substring(0, fq) : address, '.');
    }

    private static Optional<DeviceTopic> parse(String topic, char separator) {
        if (topic == null) {
            return Optional.empty();
        }
        // four levels, read with indexOf: String.split compiles the quoted separator's pattern on every call
        int first = topic.indexOf(separator);
        int second = first < 0 ? -1 : topic.indexOf(separator, first + 1);
        int third = second < 0 ? -1 : topic.indexOf(separator, second + 1);
        if (third < 0 || topic.indexOf(separator, third + 1) >= 0 || first != ROOT.length() || !topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        String center = topic.substring(first + 1, second);
        String deviceId = topic.substring(third + 1);
        DeviceKind.Channel channel = DeviceKind.Channel.ofTopicLevel(topic.substring(second + 1, third));
        if (channel == null || !isId(center) || !isId(deviceId)) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(center, channel, deviceId));
    }

    /**
     * Whether {@code s} matches {@link #ID}, checked by hand: every message's topic is read, and the regex engine
     * was most of the cost of reading it (its matcher allocated and walked for the center and the device, twice).
     */
    static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > 64 || !isAlphanumeric(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    public String mqttTopic() {
        return ROOT + "/" + center + "/" + channel.topicLevel() + "/" + deviceId;
    }

    public String address() {
        return ROOT + "." + center + "." + channel.topicLevel() + "." + deviceId;
    }
}
