package vn.lienthong.hub.post;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.delivery.DeliveryPlanner;
import vn.lienthong.hub.delivery.DossierEvent;
import vn.lienthong.hub.delivery.PlannedDelivery;
import vn.lienthong.hub.dossier.DossierView;

/**
 * Orders to Vietnam Post (docs/PARTNERS.md, partner {@code vnpost}): a DOSSIER_PICKUP when a dossier booked for
 * pickup is registered (its SUBMIT through channel POSTAL), a RESULT_DELIVERY when a dossier whose result goes back
 * by post is resolved (not a step dossier: a step's result goes to its parent, not to the citizen).
 */
@Component
class PostPlanner implements DeliveryPlanner {

    static final String PARTNER = "vnpost";

    private final CatalogService catalog;
    private final Parcels parcels;

    PostPlanner(CatalogService catalog, Parcels parcels) {
        this.catalog = catalog;
        this.parcels = parcels;
    }

    @Override
    public List<PlannedDelivery> plan(DossierEvent e) {
        if ("RESOLVE".equals(e.event()) && "POSTAL".equals(e.text("returnMethod")) && !e.isStep()) {
            DossierView d = e.dossier();
            return List.of(order(Parcel.DELIVERY, d, parcels.planDelivery(d)));
        }
        if ("SUBMIT".equals(e.event()) && "POSTAL".equals(e.text("channel"))) {
            Optional<Parcel> pickup = parcels.find(e.code(), Parcel.PICKUP);
            if (pickup.isPresent()) {
                return List.of(order(Parcel.PICKUP, e.dossier(), pickup.get()));
            }
        }
        return List.of();
    }

    /** The order (schemas/openapi/vnpost.yaml, PickupOrder / DeliveryOrder) for a parcel. */
    private PlannedDelivery order(String kind, DossierView d, Parcel p) {
        String procedureName = catalog.procedureVersion(d.procedureVersionId()).map(ProcedureVersion::name).orElse(null);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dossierCode", d.code());
        request.put("procedureCode", d.procedureCode());
        request.put("procedureName", procedureName);
        request.put("sender", party(p.from()));
        request.put("recipient", party(p.to()));
        request.put("weightGrams", p.weightGrams());
        Map<String, Object> charges = new LinkedHashMap<>();
        charges.put("postageVnd", p.charges().postageVnd());
        charges.put("feesVnd", p.charges().feesVnd());
        charges.put("remittanceFeeVnd", p.charges().remittanceFeeVnd());
        charges.put("collectVnd", p.charges().collectVnd());
        request.put("charges", charges);
        String contents = (Parcel.PICKUP.equals(kind) ? "Hồ sơ TTHC " : "Kết quả giải quyết TTHC ") + d.code()
                + (procedureName == null ? "" : " — " + procedureName);
        request.put("contents", contents.length() > 500 ? contents.substring(0, 500) : contents);
        request.put("note", p.note());
        return new PlannedDelivery(PARTNER, kind, d.code(), null, null, request);
    }

    private static Map<String, Object> party(PostSettings.Party party) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", party.name());
        m.put("phone", party.phone());
        m.put("address", party.address());
        return m;
    }
}
