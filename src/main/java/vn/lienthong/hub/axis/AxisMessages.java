package vn.lienthong.hub.axis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.contract.axis.Applicant;
import vn.lienthong.hub.contract.axis.Document;
import vn.lienthong.hub.contract.axis.Dossier;
import vn.lienthong.hub.contract.axis.Progress;
import vn.lienthong.hub.contract.axis.SyncDossier;
import vn.lienthong.hub.contract.axis.SyncDossierResponse;
import vn.lienthong.hub.contract.axis.UpdateProgress;
import vn.lienthong.hub.contract.axis.UpdateProgressResponse;
import vn.lienthong.hub.delivery.PartnerDeliveries;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;

/**
 * The axis sink's mapping (connectors/axis-sink.kamelet.yaml): a {@code DOSSIER_SYNC} request (JSON) becomes the
 * portal's two calls, the whole dossier ({@code SyncDossier}) and then its progress ({@code UpdateProgress}),
 * with dates in the portal's format and the delivery id as the axis's dedupe key.
 */
@Component("axisMessages")
public class AxisMessages {

    /** The delivery's JSON request, kept for the second call. */
    static final String REQUEST = "HubAxisRequest";
    static final String RESULT = "HubAxisResult";

    private final ObjectMapper json;

    AxisMessages(ObjectMapper json) {
        this.json = json;
    }

    /** The first call: the whole dossier as of the change. */
    public SyncDossier syncDossier(Exchange exchange) throws Exception {
        String body = exchange.getIn().getBody(String.class);
        JsonNode r;
        try {
            r = json.readTree(body);
        } catch (Exception e) {
            throw new PermanentDeliveryFailure("axis-sink: the request is not JSON", e);
        }
        exchange.setProperty(REQUEST, r);
        String national = text(r, "nationalProcedureCode");
        if (national == null) {
            throw new PermanentDeliveryFailure("axis-sink: no national procedure code for " + text(r, "procedureCode"));
        }
        Dossier d = new Dossier();
        d.setDossierCode(required(r, "dossierCode"));
        d.setProcedureCode(national);
        d.setLocalProcedureCode(text(r, "localProcedureCode"));
        d.setProcedureName(text(r, "procedureName"));
        d.setAgencyCode(required(r, "agencyCode"));
        d.setAgencyName(text(r, "agencyName"));
        JsonNode a = r.path("applicant");
        Applicant applicant = new Applicant();
        applicant.setFullName(required(a, "fullName"));
        applicant.setIdNumber(required(a, "idNumber"));
        applicant.setPhone(text(a, "phone"));
        applicant.setEmail(text(a, "email"));
        applicant.setAddress(text(a, "address"));
        d.setApplicant(applicant);
        d.setChannel(r.path("channel").asInt());
        d.setSubmittedAt(PortalTime.format(text(r, "submittedAt")));
        d.setReceivedAt(PortalTime.format(text(r, "receivedAt")));
        d.setDueAt(PortalTime.format(text(r, "dueAt")));
        d.setResultAt(PortalTime.format(text(r, "resultAt")));
        d.setStatus(r.path("status").asInt());
        d.setFeesVnd(r.path("feesVnd").asLong());
        d.setSubmissionId(text(r, "submissionId"));
        Dossier.Documents documents = new Dossier.Documents();
        for (JsonNode doc : r.path("documents")) {
            Document document = new Document();
            document.setForm(required(doc, "form"));
            document.setName(required(doc, "name"));
            document.setIssuedAt(PortalTime.format(required(doc, "issuedAt")));
            documents.getDocument().add(document);
        }
        d.setDocuments(documents);
        SyncDossier call = new SyncDossier();
        call.setDeliveryId(deliveryId(exchange));
        call.setDossier(d);
        return call;
    }

    /** The second call: the change as a progress update. */
    public UpdateProgress updateProgress(Exchange exchange) {
        Object answer = exchange.getIn().getBody();
        if (!(answer instanceof SyncDossierResponse synced)) {
            throw new IllegalStateException("axis-sink: SyncDossier answered " + describe(answer));
        }
        JsonNode r = exchange.getProperty(REQUEST, JsonNode.class);
        exchange.setProperty(RESULT, synced.getResult().value());
        JsonNode p = r.path("progress");
        Progress progress = new Progress();
        progress.setActor(truncate(required(p, "actor"), 200));
        progress.setTitle(required(p, "title"));
        progress.setDepartment(truncate(required(p, "department"), 500));
        progress.setAt(PortalTime.format(required(p, "at")));
        progress.setContent(required(p, "content"));
        progress.setStatus(p.path("status").asInt());
        progress.setStartAt(PortalTime.format(required(p, "startAt")));
        progress.setLegalEndAt(PortalTime.format(text(p, "legalEndAt")));
        UpdateProgress call = new UpdateProgress();
        call.setDeliveryId(deliveryId(exchange));
        call.setDossierCode(required(r, "dossierCode"));
        call.setProgress(progress);
        return call;
    }

    /** Both calls went through: the body becomes a short summary, the request's headers stay. */
    public String done(Exchange exchange) {
        Object answer = exchange.getIn().getBody();
        if (!(answer instanceof UpdateProgressResponse progressed)) {
            throw new IllegalStateException("axis-sink: UpdateProgress answered " + describe(answer));
        }
        exchange.removeProperty(REQUEST);
        return "{\"syncDossier\":\"" + exchange.getProperty(RESULT, String.class) + "\",\"updateProgress\":\""
                + progressed.getResult().value() + "\"}";
    }

    private static String deliveryId(Exchange exchange) {
        String id = exchange.getIn().getHeader(PartnerDeliveries.DELIVERY_ID, String.class);
        if (id == null || id.isBlank()) {
            throw new PermanentDeliveryFailure("axis-sink: the delivery has no HubDeliveryId");
        }
        return id;
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new PermanentDeliveryFailure("axis-sink: the request has no " + field);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
