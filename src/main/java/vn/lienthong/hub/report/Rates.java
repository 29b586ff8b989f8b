package vn.lienthong.hub.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentages as reports print them: two decimals, rounded half up; 0.00 when there is nothing to divide by. */
public final class Rates {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Rates() {
    }

    /** {@code part} as a percentage of {@code whole}, e.g. 12,356 of 14,168 → 87.21. */
    public static BigDecimal percent(long part, long whole) {
        if (part < 0 || whole < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + part + " of " + whole);
        }
        if (whole == 0) {
            return ZERO;
        }
        // exact: part × 100 / whole, rounded once, at the end
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
