package vn.lienthong.hub.dossier;

/** An event the lifecycle refuses; nothing was changed. {@code reason} is machine-readable. */
public class IllegalTransitionException extends RuntimeException {

    private final String reason;

    public IllegalTransitionException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
