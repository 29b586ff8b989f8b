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
        if (center == null || !ID.matcher(center).matches()) {
            throw new IllegalArgumentException("invalid center " + center);
        }
        if (deviceId == null || !ID.matcher(deviceId).matches()) {
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
        if (channel == null || !ID.matcher(center).matches() || !ID.matcher(deviceId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(center, channel, deviceId));
    }

    public String mqttTopic() {
        return ROOT + "/" + center + "/" + channel.topicLevel() + "/" + deviceId;
    }

    public String address() {
        return ROOT + "." + center + "." + channel.topicLevel() + "." + deviceId;
    }
}
