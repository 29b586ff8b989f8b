package vn.lienthong.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of {@code hub.dossier.events} as planners see it: the CloudEvents id, the lifecycle event
 * (RECEIVE, RESOLVE, DUE_SOON…), the dossier code and the event's data (the dossier snapshot).
 */
public record DossierEvent(String id, String event, String code, JsonNode data) {

    public String text(String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public boolean isStep() {
        return data.hasNonNull("parentId");
    }
}
