package vn.lienthong.hub.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.platform.ParkingLot;

/**
 * The end of the {@code hub-default} dead-letter channel. A partner delivery that exhausted its attempts (or
 * failed permanently) goes to the partner's dead-letter queue {@code DLQ.hub.outbound.<partner>} with its reason;
 * anything else is parked in the store. Either way it is kept until an operator replays or discards it.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** Route ids of delivery routes: {@code agency-deliver-police}, {@code post-deliver-vnpost}, {@code axis-deliver-axis}. */
    static final Pattern DELIVERY_ROUTE = Pattern.compile("[a-z]+-deliver-([a-z]+)");
    public static final String REASON = "HubDeadLetterReason";

    private final ParkingLot parkingLot;
    private final DeliveryLog deliveries;
    private final ObjectMapper json;
    private final ProducerTemplate producer;

    DeadLetters(ParkingLot parkingLot, DeliveryLog deliveries, ObjectMapper json, ProducerTemplate producer) {
        this.producer = producer;
        this.parkingLot = parkingLot;
        this.deliveries = deliveries;
        this.json = json;
    }

    public void handle(Exchange exchange) {
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        Matcher m = routeId == null ? null : DELIVERY_ROUTE.matcher(routeId);
        if (m == null || !m.matches()) {
            parkingLot.park(exchange);
            return;
        }
        String partner = m.group(1);
        if (QueueLease.lost(exchange)) {
            // the broker gives the message again to a live consumer: parking it too would leave it twice
            throw new QueueLease.Lost("not parked: the queue session of this delivery was closed (broker restart?)");
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String body = exchange.getIn().getBody(String.class);
        String deliveryId = null;
        String dossier = null;
        try {
            JsonNode d = json.readTree(body);
            deliveryId = d.path("deliveryId").asText(null);
            dossier = d.path("dossierCode").asText(null);
        } catch (Exception e) {
            reason = reason + " (and the delivery is not valid JSON)";
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(REASON, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        headers.put("HubFailedAt", Instant.now().toString());
        headers.put("HubFailedRoute", routeId);
        headers.put("HubAttempts", PartnerDeliveries.attempt(exchange));
        if (deliveryId != null) {
            headers.put(PartnerDeliveries.DELIVERY_ID, deliveryId);
        }
        if (dossier != null) {
            headers.put(PartnerDeliveries.DOSSIER, dossier);
            headers.put("JMSXGroupID", dossier);
        }
        producer.sendBodyAndHeaders("jms:queue:DLQ.hub.outbound." + partner, body, headers);
        if (deliveryId != null) {
            deliveries.parked(deliveryId, reason);
            deliveries.log(partner, "OUT", dossier, deliveryId, "DEAD_LETTER", body, "PARKED",
                    PartnerDeliveries.attempt(exchange), reason);
        }
        log.warn("Delivery {} to {} parked on DLQ.hub.outbound.{}: {}", deliveryId, partner, partner, reason);
    }
}
