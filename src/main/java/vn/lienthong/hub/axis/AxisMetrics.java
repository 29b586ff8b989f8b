package vn.lienthong.hub.axis;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gauges of the national sync over the dossiers changed within {@code hub.axis.metrics-window}:
 * {@code hub_axis_sync_rate} (percent of them the portal holds as of their latest change) and
 * {@code hub_axis_max_lag_seconds} (age of the oldest change it does not hold yet). Computed at most every 15 s.
 */
@Component
class AxisMetrics {

    private static final Logger log = LoggerFactory.getLogger(AxisMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(15);

    private final AxisSync sync;
    private final AxisSettings settings;
    private volatile AxisSync.SyncReport last;
    private volatile Instant computedAt = Instant.EPOCH;

    AxisMetrics(AxisSync sync, AxisSettings settings, MeterRegistry meters) {
        this.sync = sync;
        this.settings = settings;
        Gauge.builder("hub.axis.sync.rate", this, m -> m.current().syncRate().doubleValue())
                .description("Percent of the dossiers changed in the metrics window that the national portal holds as of their latest change")
                .register(meters);
        Gauge.builder("hub.axis.max.lag.seconds", this, m -> m.current().maxLagSeconds())
                .description("Age in seconds of the oldest dossier change the national portal does not hold yet")
                .register(meters);
    }

    private synchronized AxisSync.SyncReport current() {
        Instant now = Instant.now();
        if (last == null || computedAt.plus(FRESH).isBefore(now)) {
            try {
                last = sync.report(now.minus(settings.getMetricsWindow()), now.plusSeconds(1));
                computedAt = now;
            } catch (RuntimeException e) {
                log.debug("Axis sync gauges not refreshed: {}", e.toString());
                if (last == null) {
                    throw e;
                }
            }
        }
        return last;
    }
}
