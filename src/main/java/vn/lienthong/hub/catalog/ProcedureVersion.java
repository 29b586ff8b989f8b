package vn.lienthong.hub.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import vn.lienthong.hub.calendar.TimeLimit;

/**
 * One version of an administrative procedure (thủ tục hành chính) of the catalog. Every change makes a new
 * version; a dossier keeps the version it was received under, so a catalog change never moves its deadline.
 *
 * @param id           database id of this version (what a dossier refers to)
 * @param code         national code {@code d.dddddd} (mã TTHC)
 * @param version      1, 2, … per code
 * @param localCode    the province's variant code (e.g. {@code 2.000815.H56}); may be null
 * @param name         official name
 * @param field        the field (lĩnh vực), e.g. "Hộ tịch"; may be null
 * @param agencyCode   the agency that resolves it
 * @param timeLimit    statutory time limit; {@code 0 WORKING_DAY} is same-day
 * @param feeVnd       fee in VND
 * @param channels     channels a dossier may come through: {@code DIRECT}, {@code POSTAL}, {@code ONLINE}
 * @param postalReturn whether the result may be returned by post
 * @param fourOnSite   done entirely at the center (4 tại chỗ: received, appraised, approved and returned there)
 * @param steps        the partner steps of an inter-agency procedure, in order; empty otherwise
 * @param validFrom    first day in force
 * @param validTo      last day in force; null while open-ended
 */
public record ProcedureVersion(long id, String code, int version, String localCode, String name, String field,
                               String agencyCode, TimeLimit timeLimit, long feeVnd, List<String> channels,
                               boolean postalReturn, boolean fourOnSite, List<ProcedureStep> steps,
                               LocalDate validFrom, LocalDate validTo) {

    public ProcedureVersion {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeLimit, "timeLimit");
        channels = List.copyOf(channels);
        steps = List.copyOf(steps);
    }

    /** Whether a dossier may come through this channel ({@code DIRECT}, {@code POSTAL}, {@code ONLINE}). */
    public boolean allowsChannel(String channel) {
        return channels.contains(channel);
    }

    /** Whether partner agencies take part (một cửa liên thông): the dossier becomes a parent with child steps. */
    public boolean interAgency() {
        return !steps.isEmpty();
    }

    /** Whether the procedure is in force on that day (both ends included). */
    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }

    /** Same content, ignoring id and version: a PUT that changes nothing makes no new version. */
    boolean sameContentAs(ProcedureVersion other) {
        return code.equals(other.code) && Objects.equals(localCode, other.localCode) && name.equals(other.name)
                && Objects.equals(field, other.field) && agencyCode.equals(other.agencyCode)
                && timeLimit.equals(other.timeLimit) && feeVnd == other.feeVnd && channels.equals(other.channels)
                && postalReturn == other.postalReturn && fourOnSite == other.fourOnSite && steps.equals(other.steps)
                && validFrom.equals(other.validFrom) && Objects.equals(validTo, other.validTo);
    }
}
