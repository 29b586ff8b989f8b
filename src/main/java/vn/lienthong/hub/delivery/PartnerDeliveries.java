package vn.lienthong.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * What the delivery routes ({@code agency-deliver-<partner>}, …) call around the partner's Kamelet: unpack the
 * queued delivery, skip one already delivered, and record each attempt and its outcome in the message log.
 */
@Component("partnerDeliveries")
public class PartnerDeliveries {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartnerDeliveries.class);

    public static final String DELIVERY_ID = "HubDeliveryId";
    public static final String PARTNER = "HubPartner";
    public static final String KIND = "HubKind";
    public static final String DOSSIER = "HubDossierCode";
    public static final String PARENT = "HubParentCode";
    public static final String DUPLICATE = "HubDuplicate";
    static final String REQUEST = "HubRequest";

    private final DeliveryLog log;
    private final ObjectMapper json;

    PartnerDeliveries(DeliveryLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    /** Turns the queued delivery (JSON) into the partner request the Kamelet sends, with its headers. */
    public void prepare(Exchange exchange) throws Exception {
        QueueLease.take(exchange);
        Message in = exchange.getIn();
        JsonNode d = json.readTree(in.getBody(String.class));
        String deliveryId = text(d, "deliveryId");
        String partner = text(d, "partner");
        String dossier = text(d, "dossierCode");
        String kind = text(d, "kind");
        if (deliveryId == null || partner == null || dossier == null || kind == null || !d.has("request")) {
            throw new PermanentDeliveryFailure("malformed delivery: deliveryId, partner, dossierCode, kind and request are required");
        }
        String request = json.writeValueAsString(d.get("request"));
        in.setHeader(DELIVERY_ID, deliveryId);
        in.setHeader(PARTNER, partner);
        in.setHeader(KIND, kind);
        in.setHeader(DOSSIER, dossier);
        if (text(d, "parentCode") != null) {
            in.setHeader(PARENT, text(d, "parentCode"));
        }
        exchange.setProperty(REQUEST, request);
        in.setBody(request);
        boolean fresh = log.begin(deliveryId, partner, dossier, kind);
        in.setHeader(DUPLICATE, !fresh);
        if (!fresh) {
            log.log(partner, "OUT", dossier, deliveryId, kind, request, "SKIPPED_DUPLICATE", 0,
                    "already delivered; not sent again");
        }
    }

    /** The partner accepted the delivery. */
    public void delivered(Exchange exchange) {
        Message in = exchange.getIn();
        String deliveryId = in.getHeader(DELIVERY_ID, String.class);
        log.delivered(deliveryId);
        log.log(in.getHeader(PARTNER, String.class), "OUT", in.getHeader(DOSSIER, String.class), deliveryId,
                in.getHeader(KIND, String.class), exchange.getProperty(REQUEST, String.class), "DELIVERED",
                attempt(exchange), null);
    }

    /** An attempt failed (called for every failure, before each redelivery). */
    public void attemptFailed(Exchange exchange) {
        Message in = exchange.getIn();
        String deliveryId = in.getHeader(DELIVERY_ID, String.class);
        if (deliveryId == null) {
            return;
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        log.failed(deliveryId, reason);
        log.log(in.getHeader(PARTNER, String.class), "OUT", in.getHeader(DOSSIER, String.class), deliveryId,
                in.getHeader(KIND, String.class), exchange.getProperty(REQUEST, String.class), "FAILED",
                attempt(exchange), reason);
    }

    /**
     * Called by hub-default before each redelivery: a delivery whose queue session was closed meanwhile (the broker
     * restarted) is not tried again here — the broker gives it to a live consumer — but ends with {@link
     * QueueLease.Lost}, so its (dead) transaction is rolled back rather than committed.
     */
    public void beforeRedelivery(Exchange exchange) {
        if (QueueLease.lost(exchange)) {
            String deliveryId = exchange.getIn().getHeader(DELIVERY_ID, String.class);
            LOG.warn("Delivery {} to {}: its queue session closed while it waited to be tried again (broker restart?); "
                    + "left to the broker, which gives it to another consumer", deliveryId,
                    exchange.getIn().getHeader(PARTNER, String.class));
            exchange.setException(new QueueLease.Lost("the queue session of delivery " + deliveryId + " was closed"));
            exchange.setRouteStop(true);
        }
    }

    static int attempt(Exchange exchange) {
        Integer redeliveries = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        return 1 + (redeliveries == null ? 0 : redeliveries);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
