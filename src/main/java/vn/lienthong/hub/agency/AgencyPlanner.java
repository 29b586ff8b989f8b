package vn.lienthong.hub.agency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureStep;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.delivery.DeliveryPlanner;
import vn.lienthong.hub.delivery.DossierEvent;
import vn.lienthong.hub.delivery.PlannedDelivery;
import vn.lienthong.hub.dossier.DossierView;

/**
 * Deliveries to the vertical-sector agencies (docs/PARTNERS.md): a step dossier of an inter-agency procedure,
 * received by the step's partner agency, is sent to that partner with the request its contract defines.
 */
@Component
class AgencyPlanner implements DeliveryPlanner {

    private final CatalogService catalog;

    AgencyPlanner(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<PlannedDelivery> plan(DossierEvent e) {
        String stepPartner = e.text("stepPartner");
        if ("RECEIVE".equals(e.event()) && stepPartner != null && e.isStep() && e.data().hasNonNull("stepOrder")) {
            DossierView child = e.dossier();
            ProcedureVersion procedure = catalog.procedureVersion(child.procedureVersionId()).orElseThrow();
            int order = e.data().path("stepOrder").asInt();
            ProcedureStep step = procedure.steps().stream().filter(s -> s.order() == order).findFirst().orElseThrow();
            return List.of(delivery(stepPartner, kindOf(step), child, procedure));
        }
        return List.of();
    }

    /** The delivery kind of docs/PARTNERS.md for a catalog step. */
    static String kindOf(ProcedureStep step) {
        String kind = step.kind() == null ? "" : step.kind();
        String name = step.name() == null ? "" : step.name().toLowerCase(Locale.ROOT);
        return switch (step.partner()) {
            case "police" -> name.contains("xóa") || name.contains("xoá") ? "RESIDENCE_REMOVAL" : "RESIDENCE_REGISTRATION";
            case "bhxh" -> "BENEFIT".equals(kind) ? "FUNERAL_ALLOWANCE" : "HEALTH_INSURANCE_CARD";
            case "tax" -> "FINANCIAL_OBLIGATION";
            default -> kind;
        };
    }

    private static PlannedDelivery delivery(String partner, String kind, DossierView d, ProcedureVersion procedure) {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", d.applicant().fullName());
        applicant.put("idNumber", d.applicant().idNumber());
        applicant.put("phone", d.applicant().phone());
        applicant.put("address", d.applicant().address());
        // exactly the request shapes of docs/PARTNERS.md: the partners' schemas refuse anything else
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dossierCode", d.code());
        request.put("parentCode", d.parentCode());
        if ("FINANCIAL_OBLIGATION".equals(kind)) {
            request.put("receivedAt", d.receivedAt() == null ? null : d.receivedAt().toString());
            request.put("procedureCode", procedure.code());
            request.put("procedureName", procedure.name());
            request.put("landUser", applicant);
            request.put("parcel", Map.of("address", d.applicant().address() == null ? "" : d.applicant().address()));
        } else {
            request.put("procedureCode", procedure.code());
            request.put("person", Map.of("fullName", d.applicant().fullName()));
            request.put("applicant", applicant);
            if ("police".equals(partner)) {
                request.put("address", d.applicant().address());
            }
        }
        return new PlannedDelivery(partner, kind, d.code(), d.parentCode(), d.stepOrder(), request);
    }
}
