package vn.lienthong.hub.device;

/**
 * A device message that no retry can fix — too large, not JSON, against its schema, from an unknown device — with
 * the reason an operator reads in the parking lot. The ingest route parks it and goes on.
 */
public class RefusedDeviceMessage extends RuntimeException {

    public RefusedDeviceMessage(String reason) {
        super(reason, null, false, false);
    }
}
