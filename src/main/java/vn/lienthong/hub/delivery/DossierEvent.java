package vn.lienthong.hub.delivery;

import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import vn.lienthong.hub.dossier.DossierView;

/**
 * One record of {@code hub.dossier.events} as planners see it: the CloudEvents id, the lifecycle event
 * (RECEIVE, RESOLVE, DUE_SOON…), the dossier code and the event's data (the dossier snapshot). {@link #dossier()}
 * gives the dossier as the store holds it, with its personal data and history; dispatch reads those of a whole
 * batch of events together.
 */
public record DossierEvent(String id, String event, String code, JsonNode data, Supplier<DossierView> store) {

    public String text(String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public boolean isStep() {
        return data.hasNonNull("parentId");
    }

    /** The dossier as the store holds it now (an event is relayed after its change committed: it is there). */
    public DossierView dossier() {
        DossierView d = store.get();
        if (d == null) {
            throw new IllegalStateException("dossier " + code + " of event " + id + " is not in the store");
        }
        return d;
    }
}
