package vn.lienthong.hub.device;

/** A registration that collides with another device: a 409 with {@code reason} device-exists or username-taken. */
public class DeviceConflict extends RuntimeException {

    private final String reason;

    public DeviceConflict(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
