package vn.lienthong.hub.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * The hall's queues over a period, per service area and in total: tickets issued, served, no-shows, and the waiting
 * time from issue to the first call (a ticket is matched with its call by center, service area, ticket number and
 * local day), in minutes with two decimals: average, median and 90th percentile (continuous percentiles, as
 * PostgreSQL's {@code percentile_cont}); null when no ticket was called.
 */
public record QueueReport(LocalDate from, LocalDate to, String serviceArea, Area total, List<Area> serviceAreas) {

    /** The figures of one service area (or of all, with {@code serviceArea} null). */
    public record Area(String serviceArea, long tickets, long called, long served, long noShows, Waiting waitingMinutes) {
    }

    /** Waiting minutes from issue to call of the called tickets. */
    public record Waiting(long tickets, BigDecimal average, BigDecimal median, BigDecimal p90) {
        static Waiting of(long tickets, Double average, Double median, Double p90) {
            return new Waiting(tickets, minutes(average), minutes(median), minutes(p90));
        }
    }

    static BigDecimal minutes(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
