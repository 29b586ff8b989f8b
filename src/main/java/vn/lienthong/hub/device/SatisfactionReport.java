package vn.lienthong.hub.device;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Citizens' satisfaction from the rating pads over a period: votes per level, each with its share of all votes in
 * percent (two decimals, half up; 0.00 when there are no votes).
 */
public record SatisfactionReport(long total, Level verySatisfied, Level satisfied, Level unsatisfied) {

    public static SatisfactionReport of(long verySatisfied, long satisfied, long unsatisfied) {
        long total = verySatisfied + satisfied + unsatisfied;
        return new SatisfactionReport(total, Level.of(verySatisfied, total), Level.of(satisfied, total),
                Level.of(unsatisfied, total));
    }

    /** Votes of one level and their share in percent. */
    public record Level(long count, BigDecimal rate) {
        static Level of(long count, long total) {
            return new Level(count, percent(count, total));
        }
    }

    /** {@code part} as a percentage of {@code whole}: exact, rounded once, half up, to two decimals. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
