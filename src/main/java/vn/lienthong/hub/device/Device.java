package vn.lienthong.hub.device;

import java.time.Instant;

/** A registered hall device with its liveness (never its password). */
public record Device(String deviceId, DeviceKind kind, String center, String counterId, String username,
                     Instant registeredAt, String registeredBy, Instant updatedAt, Instant lastSeenAt,
                     boolean online, Instant offlineSince, String state, Integer battery, String firmware) {

    public DeviceIdentity identity() {
        return new DeviceIdentity(deviceId, kind, center, counterId);
    }
}
