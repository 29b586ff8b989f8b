package vn.lienthong.hub.catalog;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import vn.lienthong.hub.calendar.LimitUnit;
import vn.lienthong.hub.calendar.TimeLimit;

/**
 * What a catalog entry must satisfy, as plain Java: the same rules for the API and the catalog files. Every
 * violation is collected (not only the first), each naming its field as spelled in the JSON body.
 */
final class CatalogRules {

    static final Pattern PROCEDURE_CODE = Pattern.compile("\\d\\.\\d{6}");
    /** The province's variant of a code, e.g. 2.000815.H56. */
    static final Pattern LOCAL_CODE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,39}");
    /** QCVN 102:2016, V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.61.H56. */
    static final Pattern AGENCY_CODE = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}");
    static final Pattern STEP_KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    static final List<String> CHANNELS = List.of("DIRECT", "POSTAL", "ONLINE");
    static final List<String> PARTNERS = List.of("tax", "police", "bhxh");
    /** A sanity bound against typos (a limit of 3000 days was meant to be 30). */
    static final int MAX_LIMIT_VALUE = 1000;
    /** The longest names the catalog takes; the partners' contracts must carry them (CatalogFitsAxisContractTest). */
    static final int PROCEDURE_NAME_MAX = 2000;
    static final int AGENCY_NAME_MAX = 500;
    /** DOMAIN.md: 8 working hours make a working day, to compare step limits with the procedure's. */
    static final int HOURS_PER_DAY = 8;

    private CatalogRules() {
    }

    /**
     * The version a valid draft makes (id and version 0: the store assigns them); texts in Unicode NFC.
     *
     * @param agencyExists whether an agency code is in the catalog
     * @throws CatalogValidationException listing every violation
     */
    static ProcedureVersion procedure(ProcedureDraft d, Predicate<String> agencyExists) {
        if (d == null) {
            throw new CatalogValidationException("body", "a procedure is required");
        }
        List<CatalogValidationException.Violation> errors = new ArrayList<>();
        Errors e = new Errors(errors);

        String code = d.code();
        if (code == null || code.isBlank()) {
            e.add("code", "required");
        } else if (!PROCEDURE_CODE.matcher(code).matches()) {
            e.add("code", "a national procedure code is d.dddddd, e.g. 1.001193; got '" + code + "'");
        }
        String localCode = blankToNull(d.localCode());
        if (localCode != null && !LOCAL_CODE.matcher(localCode).matches()) {
            e.add("localCode", "letters, digits, '.', '-' or '_', at most 40, e.g. 2.000815.H56");
        }
        String name = text(d.name(), "name", PROCEDURE_NAME_MAX, true, e);
        String field = text(d.field(), "field", 200, false, e);
        String agencyCode = d.agencyCode();
        if (agencyCode == null || agencyCode.isBlank()) {
            e.add("agencyCode", "required");
        } else if (!agencyExists.test(agencyCode)) {
            e.add("agencyCode", "no agency " + agencyCode + " in the catalog");
        }
        TimeLimit limit = limit(d.timeLimit(), "timeLimit", e);
        Long fee = d.feeVnd();
        if (fee == null) {
            e.add("feeVnd", "required (0 when free)");
        } else if (fee < 0) {
            e.add("feeVnd", "must not be negative");
        }
        List<String> channels = channels(d.channels(), e);
        if (d.postalReturn() == null) {
            e.add("postalReturn", "required (true or false)");
        }
        if (d.fourOnSite() == null) {
            e.add("fourOnSite", "required (true or false)");
        }
        List<ProcedureStep> steps = steps(d.steps(), e);
        if (limit != null && steps != null && !steps.isEmpty()) {
            long total = steps.stream().mapToLong(s -> hours(s.timeLimit())).sum();
            if (total > hours(limit)) {
                e.add("steps", "the steps take " + total + " working hours in all, more than the procedure's "
                        + "time limit of " + hours(limit) + " (" + HOURS_PER_DAY + " hours a working day)");
            }
        }
        if (d.validFrom() == null) {
            e.add("validFrom", "required (yyyy-MM-dd)");
        } else if (d.validTo() != null && d.validTo().isBefore(d.validFrom())) {
            e.add("validTo", "must not be before validFrom " + d.validFrom());
        }
        if (!errors.isEmpty()) {
            throw new CatalogValidationException(errors);
        }
        return new ProcedureVersion(0, code, 0, localCode, name, field, agencyCode, limit, fee, channels,
                d.postalReturn(), d.fourOnSite(), steps, d.validFrom(), d.validTo());
    }

    /** The agency, validated and with its texts in Unicode NFC. */
    static Agency agency(Agency a) {
        if (a == null) {
            throw new CatalogValidationException("body", "an agency is required");
        }
        List<CatalogValidationException.Violation> errors = new ArrayList<>();
        Errors e = new Errors(errors);
        if (a.code() == null || a.code().isBlank()) {
            e.add("code", "required");
        } else if (!AGENCY_CODE.matcher(a.code()).matches()) {
            e.add("code", "an agency code follows QCVN 102:2016, e.g. 000.00.61.H56; got '" + a.code() + "'");
        }
        String name = text(a.name(), "name", AGENCY_NAME_MAX, true, e);
        String shortName = text(a.shortName(), "shortName", 200, false, e);
        String partner = blankToNull(a.partner());
        if (partner != null && !PARTNERS.contains(partner)) {
            e.add("partner", "one of " + PARTNERS + ", or null; got '" + partner + "'");
        }
        LocalDate from = a.validFrom();
        if (from == null) {
            e.add("validFrom", "required (yyyy-MM-dd)");
        } else if (a.validTo() != null && a.validTo().isBefore(from)) {
            e.add("validTo", "must not be before validFrom " + from);
        }
        if (!errors.isEmpty()) {
            throw new CatalogValidationException(errors);
        }
        return new Agency(a.code(), name, shortName, partner, from, a.validTo());
    }

    private static TimeLimit limit(ProcedureDraft.Limit limit, String where, Errors e) {
        if (limit == null) {
            e.add(where, "required, e.g. {\"value\": 3, \"unit\": \"WORKING_DAY\"}");
            return null;
        }
        boolean ok = true;
        LimitUnit unit = null;
        if (limit.unit() == null) {
            e.add(where + ".unit", "required: WORKING_DAY or WORKING_HOUR");
            ok = false;
        } else {
            try {
                unit = LimitUnit.valueOf(limit.unit());
            } catch (IllegalArgumentException ex) {
                e.add(where + ".unit", "WORKING_DAY or WORKING_HOUR; got '" + limit.unit() + "'");
                ok = false;
            }
        }
        Integer value = limit.value();
        if (value == null) {
            e.add(where + ".value", "required (0 WORKING_DAY is a same-day procedure)");
            ok = false;
        } else if (value < 0 || value > MAX_LIMIT_VALUE) {
            e.add(where + ".value", "between 0 and " + MAX_LIMIT_VALUE + "; got " + value);
            ok = false;
        } else if (value == 0 && unit == LimitUnit.WORKING_HOUR) {
            e.add(where + ".value", "0 is only allowed with WORKING_DAY (a same-day procedure)");
            ok = false;
        }
        return ok ? new TimeLimit(value, unit) : null;
    }

    private static List<String> channels(List<String> channels, Errors e) {
        if (channels == null || channels.isEmpty()) {
            e.add("channels", "at least one of " + CHANNELS);
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            String c = channels.get(i);
            if (c == null || !CHANNELS.contains(c)) {
                e.add("channels[" + i + "]", "one of " + CHANNELS + "; got '" + c + "'");
            } else if (!seen.add(c)) {
                e.add("channels[" + i + "]", c + " is listed twice");
            }
        }
        return List.copyOf(channels.stream().filter(c -> c != null).toList());
    }

    private static List<ProcedureStep> steps(List<ProcedureDraft.Step> steps, Errors e) {
        if (steps == null) {
            return List.of();
        }
        List<ProcedureStep> result = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < steps.size(); i++) {
            String where = "steps[" + i + "]";
            ProcedureDraft.Step s = steps.get(i);
            if (s == null) {
                e.add(where, "a step is an object {order, partner, name, timeLimit, kind}");
                ok = false;
                continue;
            }
            int before = e.count();
            if (s.order() == null) {
                e.add(where + ".order", "required: steps are numbered 1.." + steps.size() + " in the order listed");
            } else if (s.order() != i + 1) {
                e.add(where + ".order", "expected " + (i + 1) + ": steps are numbered 1.." + steps.size()
                        + " in the order listed; got " + s.order());
            }
            if (s.partner() == null || !PARTNERS.contains(s.partner())) {
                e.add(where + ".partner", "one of " + PARTNERS + "; got '" + s.partner() + "'");
            }
            String name = text(s.name(), where + ".name", 500, true, e);
            TimeLimit limit = limit(s.timeLimit(), where + ".timeLimit", e);
            if (s.kind() == null || !STEP_KIND.matcher(s.kind()).matches()) {
                e.add(where + ".kind", "required, in capitals, e.g. REGISTRATION or FINANCIAL_OBLIGATION; got '"
                        + s.kind() + "'");
            }
            if (e.count() == before) {
                result.add(new ProcedureStep(s.order(), s.partner(), name, limit, s.kind()));
            } else {
                ok = false;
            }
        }
        return ok ? List.copyOf(result) : null;
    }

    private static long hours(TimeLimit limit) {
        return switch (limit.unit()) {
            case WORKING_DAY -> limit.isSameDay() ? HOURS_PER_DAY : (long) limit.value() * HOURS_PER_DAY;
            case WORKING_HOUR -> limit.value();
        };
    }

    private static String text(String value, String where, int max, boolean required, Errors e) {
        String v = blankToNull(value);
        if (v == null) {
            if (required) {
                e.add(where, "required");
            }
            return null;
        }
        v = Normalizer.normalize(v.strip(), Normalizer.Form.NFC);
        if (v.length() > max) {
            e.add(where, "at most " + max + " characters");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private record Errors(List<CatalogValidationException.Violation> list) {
        void add(String field, String message) {
            list.add(new CatalogValidationException.Violation(field, message));
        }

        int count() {
            return list.size();
        }
    }
}
