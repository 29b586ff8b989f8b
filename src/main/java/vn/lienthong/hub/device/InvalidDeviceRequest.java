package vn.lienthong.hub.device;

/** A device registration or device report request that cannot be used: a 400 naming the field. */
public class InvalidDeviceRequest extends RuntimeException {

    private final String field;

    public InvalidDeviceRequest(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
