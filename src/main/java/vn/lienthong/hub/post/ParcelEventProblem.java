package vn.lienthong.hub.post;

import org.springframework.http.HttpStatus;

/** A parcel event the hub refuses, with the HTTP status and problem reason the post gets back. */
class ParcelEventProblem extends RuntimeException {

    private final HttpStatus status;
    private final String reason;

    ParcelEventProblem(HttpStatus status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    HttpStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }

    static ParcelEventProblem invalidSignature() {
        return new ParcelEventProblem(HttpStatus.UNAUTHORIZED, "invalid-signature",
                "X-Signature must be the hex HMAC-SHA256 of the body with the shared webhook secret.");
    }
}
