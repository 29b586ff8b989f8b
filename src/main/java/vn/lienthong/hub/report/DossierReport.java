package vn.lienthong.hub.report;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The period report of dossiers (DESIGN.md, Reports), as {@code GET /api/v1/reports/dossiers} returns it.
 * Rates are percentages with exactly two decimals, rounded half up ({@link Rates}).
 */
public record DossierReport(String from, String to, Received received, Resolved resolved, InProgress inProgress,
        long refused, long stopped, long withdrawn, long feesVnd, long fourOnSite, BigDecimal onlineRate,
        long receivedByPost, long returnedByPost) {

    /** Received = carried over from before the period + new; by channel over that total. */
    public record Received(long carriedOver, @JsonProperty("new") long newlyReceived, long total, ByChannel byChannel) {
    }

    public record ByChannel(@JsonProperty("DIRECT") long direct, @JsonProperty("POSTAL") long postal,
            @JsonProperty("ONLINE") long online) {
    }

    /** Resolved in the period; the timeliness rates are of the resolved total, rateOfReceived of the received total. */
    public record Resolved(long total, long early, long onTime, long late, BigDecimal earlyRate, BigDecimal onTimeRate,
            BigDecimal lateRate, BigDecimal rateOfReceived) {
    }

    /** Still open at the period's end; overdue when the original due date has passed by then. */
    public record InProgress(long total, long overdue, BigDecimal rateOfReceived) {
    }

    public static DossierReport of(ReportPeriod period, DossierCounts c) {
        long received = c.carriedOver() + c.newlyReceived();
        return new DossierReport(period.from().toString(), period.to().toString(),
                new Received(c.carriedOver(), c.newlyReceived(), received,
                        new ByChannel(c.direct(), c.postal(), c.online())),
                new Resolved(c.resolved(), c.early(), c.onTime(), c.late(),
                        Rates.percent(c.early(), c.resolved()), Rates.percent(c.onTime(), c.resolved()),
                        Rates.percent(c.late(), c.resolved()), Rates.percent(c.resolved(), received)),
                new InProgress(c.inProgress(), c.overdue(), Rates.percent(c.inProgress(), received)),
                c.refused(), c.stopped(), c.withdrawn(), c.feesVnd(), c.fourOnSite(),
                Rates.percent(c.online(), received), c.receivedByPost(), c.returnedByPost());
    }
}
