package vn.lienthong.hub.platform;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code logback.events} (log events written, by level: how many errors and warnings the hub logs) counted by an
 * appender on the root logger. Spring Boot counts them with Micrometer's {@code LogbackMetrics}, a logback turbo
 * filter, and with any turbo filter installed logback asks it on every level check, also of the events not written:
 * each {@code isDebugEnabled()} of Hibernate, the JDBC driver and Spring. That was 2.6 % of the hub's samples in an
 * intake burst and 3.7 % at 500 transitions/s, 5.8 % of the change writers' (flight recording, 2026-12-06). An
 * appender is called only for the events a logger writes, after its level check, so it counts the same events.
 * Spring Boot's binder is excluded in application.yaml ({@code LogbackMetricsAutoConfiguration}).
 */
@Component
class LogEventMetrics implements MeterBinder, DisposableBean {

    private static final Level[] LEVELS = {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE};

    private final Counting appender = new Counting();

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<String, Counter> counters = new HashMap<>();
        for (Level level : LEVELS) {
            counters.put(level.levelStr, Counter.builder("logback.events")
                    .tag("level", level.levelStr.toLowerCase(Locale.ROOT))
                    .description("Number of log events that were enabled by the effective log level")
                    .baseUnit("events").register(registry));
        }
        appender.counters = counters;
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && !appender.isStarted()) {
            appender.setContext(context);
            appender.setName("hub-log-event-metrics");
            appender.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }
    }

    @Override
    public void destroy() {
        if (appender.getContext() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        }
        appender.stop();
    }

    /** Counts each event it is given by its level; without a lock (a counter is safe to increment from any thread). */
    static final class Counting extends UnsynchronizedAppenderBase<ILoggingEvent> {

        volatile Map<String, Counter> counters = Map.of();

        @Override
        protected void append(ILoggingEvent event) {
            Counter c = counters.get(event.getLevel().levelStr);
            if (c != null) {
                c.increment();
            }
        }
    }
}
