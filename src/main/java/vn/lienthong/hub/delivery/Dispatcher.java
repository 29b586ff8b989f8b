package vn.lienthong.hub.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Turns a record of {@code hub.dossier.events} into the deliveries the planners ask for. The delivery id is
 * derived from the event id (and the partner and kind), so reading an event twice plans the same deliveries and
 * partners can dedupe.
 */
@Component("partnerDispatch")
public class Dispatcher {

    private final ObjectMapper json;
    private final List<DeliveryPlanner> planners;

    Dispatcher(ObjectMapper json, List<DeliveryPlanner> planners) {
        this.json = json;
        this.planners = planners;
    }

    /** A delivery ready for {@code hub.outbound.<partner>}, grouped by dossier code. */
    public static final class Delivery {
        private final String partner;
        private final String dossierCode;
        private final String body;

        Delivery(String partner, String dossierCode, String body) {
            this.partner = partner;
            this.dossierCode = dossierCode;
            this.body = body;
        }

        public String getPartner() { return partner; }
        public String getDossierCode() { return dossierCode; }
        public String getBody() { return body; }
    }

    public List<Delivery> plan(String cloudEvent) throws Exception {
        JsonNode ce = json.readTree(cloudEvent);
        JsonNode data = ce.path("data");
        DossierEvent event = new DossierEvent(ce.path("id").asText(), data.path("event").asText(), data.path("code").asText(), data);
        List<Delivery> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DeliveryPlanner planner : planners) {
            for (PlannedDelivery p : planner.plan(event)) {
                String id = "dlv-" + p.partner() + "-" + event.id();
                if (!ids.add(id)) {
                    id = id + "-" + p.kind();
                    ids.add(id);
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("deliveryId", id);
                d.put("partner", p.partner());
                d.put("kind", p.kind());
                d.put("dossierCode", p.dossierCode());
                d.put("parentCode", p.parentCode());
                d.put("stepOrder", p.stepOrder());
                d.put("createdAt", Instant.now().toString());
                d.put("request", p.request());
                out.add(new Delivery(p.partner(), p.dossierCode(), json.writeValueAsString(d)));
            }
        }
        return out;
    }
}
