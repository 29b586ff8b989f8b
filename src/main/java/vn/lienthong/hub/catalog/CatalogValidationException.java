package vn.lienthong.hub.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A catalog entry was refused. Each violation names the field as it is spelled in the JSON body
 * ({@code timeLimit.unit}, {@code steps[1].partner}), so the API can tell the operator exactly what to fix.
 * Nothing was written.
 */
public class CatalogValidationException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public CatalogValidationException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public CatalogValidationException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** One refused field and why. */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
