package vn.lienthong.hub.report;

/**
 * The raw figures of a period, as one row of the report query computes them; {@link DossierReport} turns them
 * into the published report (totals and rates).
 *
 * @param carriedOver    received before the period and not ended before it
 * @param newlyReceived  received in the period
 * @param direct         received (carried over or new) in person
 * @param postal         received (carried over or new) through the post
 * @param online         received (carried over or new) online
 * @param resolved       first terminal state RESOLVED or RETURNED in the period
 * @param early          of those, judged early
 * @param onTime         of those, judged on time
 * @param late           of those, judged late
 * @param inProgress     received by the period's end and not ended by then
 * @param overdue        of those, with the original due date before the period's end
 * @param refused        first terminal state REFUSED in the period (never received)
 * @param stopped        first terminal state STOPPED in the period
 * @param withdrawn      first terminal state WITHDRAWN in the period
 * @param feesVnd        fees of the dossiers received in the period
 * @param fourOnSite     dossiers received in the period that are done entirely at the center (4 tại chỗ)
 * @param receivedByPost dossiers received in the period through the post
 * @param returnedByPost results delivered home by the post in the period
 */
public record DossierCounts(long carriedOver, long newlyReceived, long direct, long postal, long online,
        long resolved, long early, long onTime, long late, long inProgress, long overdue,
        long refused, long stopped, long withdrawn, long feesVnd, long fourOnSite,
        long receivedByPost, long returnedByPost) {
}
