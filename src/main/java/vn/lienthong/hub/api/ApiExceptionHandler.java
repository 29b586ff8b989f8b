package vn.lienthong.hub.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import vn.lienthong.hub.dossier.DossierNotFoundException;
import vn.lienthong.hub.dossier.IllegalTransitionException;
import vn.lienthong.hub.dossier.InvalidDossierException;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Every error of the API as an RFC 9457 problem with a machine-readable {@code reason}; each is logged. Domain
 * errors are raised before or inside the transaction, so nothing is partially written.
 */
@RestControllerAdvice(basePackages = "vn.lienthong.hub")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidDossierException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidDossierException e) {
        HttpStatus status = switch (e.reason()) {
            case "invalid-request" -> HttpStatus.BAD_REQUEST;
            case "idempotency-key-reused" -> HttpStatus.CONFLICT;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        ProblemDetail p = Problems.of(status, e.reason(), e.getMessage());
        p.setProperty("field", e.field());
        log.info("Refused request: {} ({})", e.getMessage(), e.reason());
        return ResponseEntity.status(status).body(p);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegal(IllegalTransitionException e) {
        log.info("Refused event: {} ({})", e.getMessage(), e.reason());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, e.reason(), e.getMessage()));
    }

    @ExceptionHandler(DossierNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(DossierNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "unknown-dossier", e.getMessage()));
    }

    @ExceptionHandler(ContractValidator.ContractViolation.class)
    ResponseEntity<ProblemDetail> contract(ContractValidator.ContractViolation e) {
        log.info("Request does not match the contract: {}", e.getMessage());
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "parameter " + e.getName() + " has an invalid value"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badArgument(IllegalArgumentException e) {
        log.info("Refused request: {}", e.getMessage());
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String msg = e.getMostSpecificCause() != null ? e.getMostSpecificCause().getMessage() : e.getMessage();
        if (msg != null && msg.length() > 300) {
            msg = msg.substring(0, 300);
        }
        log.info("Unreadable request body: {}", msg);
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                "the body is not valid JSON of the expected shape: " + msg));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail p && p.getProperties() == null) {
            p.setProperty("reason", reasonFor(statusCode));
        }
        return response;
    }

    private static String reasonFor(HttpStatusCode status) {
        return Problems.reasonFor(status.value());
    }
}
