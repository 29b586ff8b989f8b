package vn.lienthong.hub.report;

/** A report parameter that cannot be used: a 400 problem with reason {@code invalid-request} naming the field. */
public class InvalidReportRequest extends RuntimeException {

    private final String field;

    public InvalidReportRequest(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The query parameter at fault. */
    public String field() {
        return field;
    }
}
