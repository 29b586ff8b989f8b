package vn.lienthong.hub.console;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * The last error of each route, as the routes page shows it. Camel's statistics count failures but keep no message;
 * this notifier listens to failed and failure-handled exchanges only (every other event is ignored at the source).
 */
@Component
class RouteErrors extends EventNotifierSupport {

    record LastError(String message, Instant at) {
    }

    private final Map<String, LastError> last = new ConcurrentHashMap<>();

    RouteErrors() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailedEvent || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        if (routeId == null) {
            return;
        }
        Throwable cause = exchange.getException();
        if (cause == null) {
            cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        String message = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        last.put(routeId, new LastError(message.length() > 500 ? message.substring(0, 500) : message, Instant.now()));
    }

    LastError of(String routeId) {
        return last.get(routeId);
    }
}
