package vn.lienthong.hub.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.calendar.TimeLimit;
import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.CatalogValidationException;
import vn.lienthong.hub.catalog.ProcedureDraft;
import vn.lienthong.hub.catalog.ProcedureStep;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.platform.web.Problems;

/**
 * The catalog of agencies and procedures: read by every client and operator, changed by ADMIN only. A change to a
 * procedure is a new version; the versions before it stay readable, since dossiers refer to them.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class CatalogController {

    private static final Logger log = LoggerFactory.getLogger(CatalogController.class);

    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    // ---- procedures ----------------------------------------------------------------------------------------

    /** Current procedures, optionally of one agency, matching words of {@code q}, in force on {@code validOn}. */
    @GetMapping("/procedures")
    Map<String, List<ProcedureView>> procedures(@RequestParam(required = false) String agency,
            @RequestParam(required = false) String q, @RequestParam(required = false) String validOn) {
        LocalDate day = validOn == null ? null : date("validOn", validOn);
        return Map.of("content", catalog.search(blankToNull(agency), q).stream()
                .filter(p -> day == null || p.validOn(day))
                .map(p -> ProcedureView.of(p, true)).toList());
    }

    @GetMapping("/procedures/{code}")
    ResponseEntity<?> procedure(@PathVariable String code) {
        return catalog.currentProcedure(code)
                .<ResponseEntity<?>>map(p -> ResponseEntity.ok(ProcedureView.of(p, true)))
                .orElseGet(() -> unknownProcedure(code));
    }

    @GetMapping("/procedures/{code}/versions")
    ResponseEntity<?> versions(@PathVariable String code) {
        List<ProcedureVersion> versions = catalog.versions(code);
        if (versions.isEmpty()) {
            return unknownProcedure(code);
        }
        int current = catalog.currentProcedure(code).map(ProcedureVersion::version).orElse(-1);
        return ResponseEntity.ok(Map.of("content",
                versions.stream().map(p -> ProcedureView.of(p, p.version() == current)).toList()));
    }

    @GetMapping("/procedures/{code}/versions/{version}")
    ResponseEntity<?> version(@PathVariable String code, @PathVariable int version) {
        int current = catalog.currentProcedure(code).map(ProcedureVersion::version).orElse(-1);
        return catalog.versions(code).stream().filter(p -> p.version() == version).findFirst()
                .<ResponseEntity<?>>map(p -> ResponseEntity.ok(ProcedureView.of(p, p.version() == current)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                        "unknown-procedure", "No version " + version + " of procedure " + code + ".")));
    }

    /** Creates a procedure (201, version 1) or changes it (200, the next version); an unchanged body changes nothing. */
    @PutMapping(path = "/procedures/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ProcedureView> saveProcedure(@PathVariable String code, @RequestBody ProcedureDraft body,
            Authentication auth) {
        if (body == null) {
            throw new CatalogValidationException("body", "a procedure is required");
        }
        if (body.code() != null && !body.code().equals(code)) {
            throw new CatalogValidationException("code", "the body's code " + body.code()
                    + " differs from the code in the path " + code);
        }
        boolean existed = catalog.currentProcedure(code).filter(p -> p.code().equals(code)).isPresent();
        ProcedureVersion saved = catalog.saveProcedure(body.withCode(code), auth.getName());
        ProcedureView view = ProcedureView.of(saved, true);
        if (!existed && saved.version() == 1) {
            return ResponseEntity.created(URI.create("/api/v1/procedures/" + saved.code())).body(view);
        }
        return ResponseEntity.ok(view);
    }

    // ---- agencies ------------------------------------------------------------------------------------------

    @GetMapping("/agencies")
    Map<String, List<Agency>> agencies(@RequestParam(required = false) String validOn) {
        LocalDate day = validOn == null ? null : date("validOn", validOn);
        return Map.of("content", catalog.agencies().stream().filter(a -> day == null || a.validOn(day)).toList());
    }

    @GetMapping("/agencies/{code}")
    ResponseEntity<?> agency(@PathVariable String code) {
        return catalog.agency(code).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                        "unknown-agency", "No agency " + code + " in the catalog.")));
    }

    /** Creates (201) or replaces (200) an agency; close one by setting {@code validTo}. */
    @PutMapping(path = "/agencies/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Agency> saveAgency(@PathVariable String code, @RequestBody Agency body, Authentication auth) {
        if (body == null) {
            throw new CatalogValidationException("body", "an agency is required");
        }
        if (body.code() != null && !body.code().equals(code)) {
            throw new CatalogValidationException("code", "the body's code " + body.code()
                    + " differs from the code in the path " + code);
        }
        boolean existed = catalog.agency(code).isPresent();
        Agency saved = catalog.saveAgency(new Agency(code, body.name(), body.shortName(), body.partner(),
                body.validFrom(), body.validTo()), auth.getName());
        return existed ? ResponseEntity.ok(saved)
                : ResponseEntity.created(URI.create("/api/v1/agencies/" + saved.code())).body(saved);
    }

    // ---- errors (handled here first, so they name the field; the rest go to ApiExceptionHandler) ------------

    @ExceptionHandler(CatalogValidationException.class)
    ResponseEntity<ProblemDetail> invalid(CatalogValidationException e) {
        log.info("Refused catalog change: {}", e.getMessage());
        return RequestErrors.invalid(e.violations());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return RequestErrors.unreadable(e);
    }

    /** Left to Spring Security (403 with reason "forbidden"), whatever advice exists for other exceptions. */
    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }

    private static ResponseEntity<?> unknownProcedure(String code) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                "unknown-procedure", "No procedure " + code + " in the catalog."));
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new CatalogValidationException(field, "a date yyyy-MM-dd; got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- views ---------------------------------------------------------------------------------------------

    record LimitView(int value, String unit) {
        static LimitView of(TimeLimit limit) {
            return new LimitView(limit.value(), limit.unit().name());
        }
    }

    record StepView(int order, String partner, String name, LimitView timeLimit, String kind) {
        static StepView of(ProcedureStep s) {
            return new StepView(s.order(), s.partner(), s.name(), LimitView.of(s.timeLimit()), s.kind());
        }
    }

    record ProcedureView(long id, String code, int version, boolean current, String localCode, String name,
                         String field, String agencyCode, LimitView timeLimit, long feeVnd, List<String> channels,
                         boolean postalReturn, boolean fourOnSite, boolean interAgency, List<StepView> steps,
                         LocalDate validFrom, LocalDate validTo) {
        static ProcedureView of(ProcedureVersion p, boolean current) {
            return new ProcedureView(p.id(), p.code(), p.version(), current, p.localCode(), p.name(), p.field(),
                    p.agencyCode(), LimitView.of(p.timeLimit()), p.feeVnd(), p.channels(), p.postalReturn(),
                    p.fourOnSite(), p.interAgency(), p.steps().stream().map(StepView::of).toList(), p.validFrom(),
                    p.validTo());
        }
    }

    /** Problems for refused request bodies, naming the field as spelled in the JSON. */
    static final class RequestErrors {

        private RequestErrors() {
        }

        static ResponseEntity<ProblemDetail> invalid(List<CatalogValidationException.Violation> violations) {
            String detail = "Invalid request: " + String.join("; ",
                    violations.stream().map(CatalogValidationException.Violation::toString).toList());
            ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", detail);
            p.setProperty("field", violations.isEmpty() ? null : violations.get(0).field());
            p.setProperty("errors", violations.stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
            return ResponseEntity.badRequest().body(p);
        }

        /** A value of the wrong type names its field (invalid-request); broken JSON is malformed-json. */
        static ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
            Optional<com.fasterxml.jackson.core.JsonParseException> syntax =
                    cause(e, com.fasterxml.jackson.core.JsonParseException.class);
            if (syntax.isPresent() || cause(e, com.fasterxml.jackson.core.exc.StreamConstraintsException.class).isPresent()) {
                // not JSON at all (truncated, a key twice, too deep): say so, whichever field the parser was in
                String detail = cause(e, JsonProcessingException.class).map(JsonProcessingException::getOriginalMessage)
                        .orElse("not JSON");
                return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                        "The body is not valid JSON: " + detail));
            }
            Optional<JsonMappingException> mapping = cause(e, JsonMappingException.class);
            if (mapping.isPresent()) {
                JsonMappingException m = mapping.get();
                String field = path(m.getPath());
                String message = m instanceof InvalidFormatException f
                        ? "cannot read '" + f.getValue() + "' as " + f.getTargetType().getSimpleName()
                        : m instanceof MismatchedInputException mi && mi.getTargetType() != null
                        ? "expected " + describe(mi.getTargetType())
                        : "invalid value";
                return invalid(List.of(new CatalogValidationException.Violation(field, message)));
            }
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                    "The body is not valid JSON: a JSON body is required"));
        }

        private static String describe(Class<?> type) {
            if (type == LocalDate.class) {
                return "a date yyyy-MM-dd";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (List.class.isAssignableFrom(type) || type.isArray()) {
                return "an array";
            }
            if (type == String.class) {
                return "a string";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "a number";
            }
            return "an object";
        }

        private static String path(List<JsonMappingException.Reference> refs) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : refs) {
                if (r.getFieldName() != null) {
                    if (!sb.isEmpty()) {
                        sb.append('.');
                    }
                    sb.append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
            return sb.isEmpty() ? "body" : sb.toString();
        }

        private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) {
                    return Optional.of(type.cast(t));
                }
            }
            return Optional.empty();
        }
    }
}
