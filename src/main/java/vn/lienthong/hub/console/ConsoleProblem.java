package vn.lienthong.hub.console;

/** A console request that cannot be done: answered as a problem with this status and reason. */
class ConsoleProblem extends RuntimeException {

    private final int status;
    private final String reason;

    ConsoleProblem(int status, String reason, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
