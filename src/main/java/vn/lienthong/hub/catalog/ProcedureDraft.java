package vn.lienthong.hub.catalog;

import java.time.LocalDate;
import java.util.List;

import vn.lienthong.hub.calendar.TimeLimit;

/**
 * A procedure as an operator (or the catalog file) states it, before validation: the body of
 * {@code PUT /api/v1/procedures/{code}} and one entry of {@code catalog/procedures.json}.
 *
 * <p>Every field is nullable and loosely typed on purpose, so that a missing or wrong value is reported by
 * {@link CatalogService#saveProcedure} naming the field, instead of silently defaulting (a missing time-limit
 * value read as 0 would make a procedure same-day).
 *
 * @param code        national code {@code d.dddddd}; required
 * @param localCode   the province's variant code; optional
 * @param name        required
 * @param field       optional
 * @param agencyCode  an existing agency; required
 * @param timeLimit   required
 * @param feeVnd      required, not negative
 * @param channels    a non-empty subset of {@code DIRECT}, {@code POSTAL}, {@code ONLINE}
 * @param postalReturn required
 * @param fourOnSite  required
 * @param steps       the partner steps in order (orders 1..n); null or empty for a single-agency procedure
 * @param validFrom   required
 * @param validTo     optional, not before {@code validFrom}
 */
public record ProcedureDraft(String code, String localCode, String name, String field, String agencyCode,
                             Limit timeLimit, Long feeVnd, List<String> channels, Boolean postalReturn,
                             Boolean fourOnSite, List<Step> steps, LocalDate validFrom, LocalDate validTo) {

    /** A time limit as stated: {@code value} working days or hours; {@code unit} WORKING_DAY or WORKING_HOUR. */
    public record Limit(Integer value, String unit) {

        public static Limit of(TimeLimit limit) {
            return new Limit(limit.value(), limit.unit().name());
        }
    }

    /** A partner step as stated. */
    public record Step(Integer order, String partner, String name, Limit timeLimit, String kind) {

        public static Step of(ProcedureStep step) {
            return new Step(step.order(), step.partner(), step.name(), Limit.of(step.timeLimit()), step.kind());
        }
    }

    /** The draft of an unchanged copy of a version, to change a few fields with the {@code with…} methods. */
    public static ProcedureDraft of(ProcedureVersion v) {
        return new ProcedureDraft(v.code(), v.localCode(), v.name(), v.field(), v.agencyCode(),
                Limit.of(v.timeLimit()), v.feeVnd(), v.channels(), v.postalReturn(), v.fourOnSite(),
                v.steps().stream().map(Step::of).toList(), v.validFrom(), v.validTo());
    }

    public ProcedureDraft withCode(String newCode) {
        return new ProcedureDraft(newCode, localCode, name, field, agencyCode, timeLimit, feeVnd, channels,
                postalReturn, fourOnSite, steps, validFrom, validTo);
    }

    public ProcedureDraft withTimeLimit(TimeLimit limit) {
        return new ProcedureDraft(code, localCode, name, field, agencyCode, Limit.of(limit), feeVnd, channels,
                postalReturn, fourOnSite, steps, validFrom, validTo);
    }

    public ProcedureDraft withFeeVnd(long fee) {
        return new ProcedureDraft(code, localCode, name, field, agencyCode, timeLimit, fee, channels,
                postalReturn, fourOnSite, steps, validFrom, validTo);
    }
}
