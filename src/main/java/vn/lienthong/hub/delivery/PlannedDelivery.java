package vn.lienthong.hub.delivery;

import java.util.Map;

/**
 * A delivery a planner asks for: to which partner, of which kind, for which dossier, with the partner request
 * (docs/PARTNERS.md). The dispatcher gives it its delivery id and queues it on {@code hub.outbound.<partner>}.
 */
public record PlannedDelivery(String partner, String kind, String dossierCode, String parentCode, Integer stepOrder,
        Map<String, Object> request) {
}
