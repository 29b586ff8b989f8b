package vn.lienthong.hub.device;

import java.util.List;

/** Who a registered device is, as far as the broker and the ingest need to know. */
public record DeviceIdentity(String deviceId, DeviceKind kind, String center, String counterId) {

    /** A device publishes only on its own topics, and only on the channels of its kind. */
    public boolean mayPublishOn(DeviceTopic topic) {
        return topic.deviceId().equals(deviceId) && topic.center().equals(center)
                && kind.channels().contains(topic.channel());
    }

    /** The MQTT topics this device may publish on. */
    public List<String> topics() {
        return kind.channels().stream().sorted()
                .map(c -> new DeviceTopic(center, c, deviceId).mqttTopic()).toList();
    }
}
