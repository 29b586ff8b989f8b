package vn.lienthong.hub.device;

import java.util.regex.Pattern;

/** A device to register (or whose registration to replace), with its broker credentials in clear. */
public record NewDevice(String deviceId, DeviceKind kind, String center, String counterId, String username,
                        String password) {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,63}");
    static final Pattern COUNTER = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;

    /** Refuses what cannot be registered, naming the field as spelled in the JSON. */
    void validate() {
        if (deviceId == null || !DeviceTopic.ID.matcher(deviceId).matches()) {
            throw new InvalidDeviceRequest("deviceId",
                    "required: 1–64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (kind == null) {
            throw new InvalidDeviceRequest("kind", "required: KIOSK, COUNTER or RATING");
        }
        if (center == null || !DeviceTopic.ID.matcher(center).matches()) {
            throw new InvalidDeviceRequest("center",
                    "required: 1–64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (counterId != null && !COUNTER.matcher(counterId).matches()) {
            throw new InvalidDeviceRequest("counterId", "at most 64 letters, digits, spaces, '.', '-' or '_'");
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidDeviceRequest("username",
                    "required: 3–64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidDeviceRequest("password",
                    "required: " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }
}
