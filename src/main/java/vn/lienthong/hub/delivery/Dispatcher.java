package vn.lienthong.hub.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;

/**
 * Turns records of {@code hub.dossier.events} into the deliveries the planners ask for. The delivery id is
 * derived from the event id (and the partner and kind), so reading an event twice plans the same deliveries and
 * partners can dedupe.
 */
@Component("partnerDispatch")
public class Dispatcher {

    private final ObjectMapper json;
    private final List<DeliveryPlanner> planners;
    private final DossierService dossiers;

    Dispatcher(ObjectMapper json, List<DeliveryPlanner> planners, DossierService dossiers) {
        this.json = json;
        this.planners = planners;
        this.dossiers = dossiers;
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

    /** What one event of a batch came to: its deliveries, or why it could not be planned. */
    public record Planned(String cloudEvent, String dossierCode, List<Delivery> deliveries, Exception failure) {
    }

    /** The deliveries of one event, reading its dossier alone (a parked event replayed by an operator). */
    public List<Delivery> planEvent(String cloudEvent) throws Exception {
        return plan(parse(cloudEvent, code -> dossiers.get(code)));
    }

    /**
     * The deliveries of a batch of events, in order, their dossiers read together. An event that cannot be planned
     * (not an event, a dossier it does not match) fails alone; the store being unreachable fails the batch.
     */
    public List<Planned> planBatch(List<String> cloudEvents) {
        List<DossierEvent> events = new ArrayList<>(cloudEvents.size());
        List<Exception> unreadable = new ArrayList<>(cloudEvents.size());
        Map<String, DossierView> read = new LinkedHashMap<>();
        for (String ce : cloudEvents) {
            try {
                events.add(parse(ce, read::get));
                unreadable.add(null);
            } catch (Exception e) {
                events.add(null);
                unreadable.add(e);
            }
        }
        Set<String> codes = new HashSet<>();
        events.stream().filter(e -> e != null && !e.code().isEmpty()).forEach(e -> codes.add(e.code()));
        read.putAll(dossiers.views(codes));
        List<Planned> out = new ArrayList<>(cloudEvents.size());
        for (int i = 0; i < cloudEvents.size(); i++) {
            DossierEvent e = events.get(i);
            if (e == null) {
                out.add(new Planned(cloudEvents.get(i), null, List.of(), unreadable.get(i)));
                continue;
            }
            try {
                out.add(new Planned(cloudEvents.get(i), e.code(), plan(e), null));
            } catch (Exception failure) {
                out.add(new Planned(cloudEvents.get(i), e.code(), List.of(), failure));
            }
        }
        return out;
    }

    private DossierEvent parse(String cloudEvent, Function<String, DossierView> store) throws Exception {
        JsonNode ce = json.readTree(cloudEvent);
        JsonNode data = ce.path("data");
        String code = data.path("code").asText();
        return new DossierEvent(ce.path("id").asText(), data.path("event").asText(), code, data, () -> store.apply(code));
    }

    private List<Delivery> plan(DossierEvent event) throws Exception {
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
