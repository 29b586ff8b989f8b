package vn.lienthong.hub.delivery;

/**
 * A delivery the partner refused for a reason no retry can fix (an invalid request, an unknown kind): it goes to
 * the partner's dead-letter queue at once, with this message as its reason.
 */
public class PermanentDeliveryFailure extends RuntimeException {

    public PermanentDeliveryFailure(String message) {
        super(message);
    }

    public PermanentDeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
