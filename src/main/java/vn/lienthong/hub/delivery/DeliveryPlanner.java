package vn.lienthong.hub.delivery;

import java.util.List;

/**
 * Decides which partner deliveries a dossier event calls for. Each partner package contributes one (agencies,
 * post, national axis); the dispatcher asks them all for every event.
 */
public interface DeliveryPlanner {

    List<PlannedDelivery> plan(DossierEvent event);
}
