package vn.lienthong.hub.device;

import java.time.Instant;

/**
 * One accepted message of a hall device, as stored: the fields the reports use, and the payload (compact JSON).
 * {@code (deviceId, eventId)} is its identity; a heartbeat's event id is {@code status@<at>}.
 */
public record DeviceEvent(String deviceId, String eventId, String center, DeviceKind.Channel channel, String type,
                          Instant at, String ticket, String serviceArea, String counterId, String officerId,
                          String dossierCode, String rating, String state, Integer battery, String firmware,
                          String payload) {

    public String topic() {
        return new DeviceTopic(center, channel, deviceId).mqttTopic();
    }
}
