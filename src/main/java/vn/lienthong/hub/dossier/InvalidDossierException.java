package vn.lienthong.hub.dossier;

/** A dossier request that fails a domain rule; {@code field} names what is wrong. Nothing was written. */
public class InvalidDossierException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidDossierException(String field, String message) {
        this(field, "invalid-request", message);
    }

    public InvalidDossierException(String field, String reason, String message) {
        super(field + ": " + message);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
