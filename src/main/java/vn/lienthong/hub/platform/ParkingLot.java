package vn.lienthong.hub.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where messages go that cannot be processed: stored with the route, endpoint and reason, for operators to
 * replay or discard. Called by the dead-letter channel of {@code hub-default} and by {@code onException} blocks
 * for failures no retry can fix.
 */
@Component("parkingLot")
public class ParkingLot {

    private static final Logger log = LoggerFactory.getLogger(ParkingLot.class);
    private static final int MAX_BODY_CHARS = 1_000_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ParkingLot(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Parks the exchange's (original) message. */
    public long park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = exchange.getIn().getHeader("HubParkReason", String.class);
        if (reason == null) {
            reason = cause != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : "unknown failure";
        }
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        String source = exchange.getFromEndpoint() != null ? exchange.getFromEndpoint().getEndpointBaseUri() : "unknown";
        String body = exchange.getIn().getBody(String.class);
        if (body != null && body.length() > MAX_BODY_CHARS) {
            body = body.substring(0, MAX_BODY_CHARS);
        }
        String dossier = exchange.getIn().getHeader("HubDossierCode", String.class);
        return park(source, routeId, endpoint, reason, dossier, body, headers(exchange));
    }

    public long park(String source, String routeId, String endpoint, String reason, String dossierCode, String body,
            Map<String, Object> headers) {
        String headerJson;
        try {
            headerJson = json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            headerJson = "{}";
        }
        Long id = jdbc.queryForObject("""
                insert into parked_message (source, route_id, endpoint, reason, dossier_code, body, headers)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) returning id""", Long.class,
                source, routeId, endpoint, reason, dossierCode, body, headerJson);
        log.warn("Parked message {} from {} (route {}): {}", id, source, routeId, reason);
        return id;
    }

    private static Map<String, Object> headers(Exchange exchange) {
        Map<String, Object> out = new LinkedHashMap<>();
        exchange.getIn().getHeaders().forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(k, v);
            }
        });
        return out;
    }
}
