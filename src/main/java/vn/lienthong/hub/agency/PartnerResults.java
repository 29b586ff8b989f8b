package vn.lienthong.hub.agency;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.dossier.DossierCommand;
import vn.lienthong.hub.dossier.DossierNotFoundException;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.EventType;
import vn.lienthong.hub.dossier.IllegalTransitionException;

/**
 * A partner's answer to a delivery (docs/PARTNERS.md, inbound): DONE resolves the dossier the delivery was for,
 * REFUSED stops it with the partner's reason. Once per delivery id; only the partner the delivery went to may
 * answer it.
 */
@Component
public class PartnerResults {

    private final JdbcTemplate jdbc;
    private final DossierService dossiers;
    private final DeliveryLog log;

    PartnerResults(JdbcTemplate jdbc, DossierService dossiers, DeliveryLog log) {
        this.jdbc = jdbc;
        this.dossiers = dossiers;
        this.log = log;
    }

    /** Thrown when a partner answers for a delivery that was not sent to it. */
    public static class NotYourDelivery extends RuntimeException {
        public NotYourDelivery(String message) {
            super(message);
        }
    }

    /**
     * The dossier's history (and its event on Kafka) keeps a reason of at most {@value #MAX_REASON} characters, like
     * any event's; the whole result stays in the message log. An unbounded reason once made an outbox row larger
     * than Kafka accepts, and the relay, which publishes in commit order, stopped for every dossier behind it.
     */
    static final int MAX_REASON = 2000;

    /** A partner's result is a small document (a register number, a card number): at most this, as JSON. */
    static final int MAX_RESULT_CHARS = 16 * 1024;

    static String clip(String reason) {
        if (reason.length() <= MAX_REASON) {
            return reason;
        }
        int end = MAX_REASON - 1;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "…";
    }

    /** Thrown for a result too large to be one; nothing is written. */
    public static class ResultTooLarge extends IllegalArgumentException {
        public ResultTooLarge(String message) {
            super(message);
        }
    }

    public DossierView accept(String partner, JsonNode body) {
        String deliveryId = body.path("deliveryId").asText();
        String code = body.path("dossierCode").asText();
        if (body.hasNonNull("result") && body.get("result").toString().length() > MAX_RESULT_CHARS) {
            throw new ResultTooLarge("result: at most " + MAX_RESULT_CHARS + " characters of JSON");
        }
        String outcome = body.path("outcome").asText();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select partner, dossier_code from partner_delivery where delivery_id = ?", deliveryId);
        if (rows.isEmpty()) {
            log.log(partner, "IN", code, deliveryId, "RESULT", body.toString(), "REJECTED", 1, "unknown delivery id");
            throw new DossierNotFoundException(code + " (no delivery " + deliveryId + ")");
        }
        if (!partner.equals(rows.get(0).get("partner")) || !code.equals(rows.get(0).get("dossier_code"))) {
            log.log(partner, "IN", code, deliveryId, "RESULT", body.toString(), "REJECTED", 1, "not this partner's delivery");
            throw new NotYourDelivery("delivery " + deliveryId + " was not sent to " + partner + " for " + code);
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText()
                : body.has("result") ? clip("result: " + body.get("result")) : null;
        EventType type = "DONE".equals(outcome) ? EventType.RESOLVE : EventType.STOP;
        if (type == EventType.STOP && (reason == null || reason.isBlank())) {
            reason = "refused by " + partner;
        }
        try {
            DossierView d = dossiers.apply(code, new DossierCommand("result:" + deliveryId, type, null, partner, partner,
                    reason, null, null));
            log.log(partner, "IN", code, deliveryId, "RESULT", body.toString(), "ACCEPTED", 1, outcome);
            return d;
        } catch (IllegalTransitionException e) {
            log.log(partner, "IN", code, deliveryId, "RESULT", body.toString(), "REJECTED", 1, e.getMessage());
            throw e;
        }
    }
}
