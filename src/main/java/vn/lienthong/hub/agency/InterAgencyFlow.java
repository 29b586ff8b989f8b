package vn.lienthong.hub.agency;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.calendar.CalendarService;
import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureStep;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.dossier.DossierCommand;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierStatus;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.EventType;

/**
 * Runs inter-agency procedures (liên thông) as a parent dossier with one child per step, in the catalog's order:
 * a received parent starts step 1; a resolved step starts the next one; the last resolved step resolves the
 * parent (except a financial-obligation step, after which the parent waits for payment and goes on); a refused
 * step stops the parent. Driven by {@code hub.dossier.events}; every action is idempotent (deterministic event
 * ids, one child per step), so reading an event twice changes nothing.
 */
@Component("interAgencyFlow")
public class InterAgencyFlow {

    private static final Logger log = LoggerFactory.getLogger(InterAgencyFlow.class);
    static final String ACTOR = "hub:inter-agency-flow";

    private final ObjectMapper json;
    private final DossierService dossiers;
    private final CatalogService catalog;
    private final CalendarService calendars;

    InterAgencyFlow(ObjectMapper json, DossierService dossiers, CatalogService catalog, CalendarService calendars) {
        this.json = json;
        this.dossiers = dossiers;
        this.catalog = catalog;
        this.calendars = calendars;
    }

    /**
     * The fields of a dossier event the flow reads. Every event passes here, and few move a flow: binding these few
     * fields skips the rest of the event's snapshot, where reading it whole into a tree was a third of this
     * consumer's CPU during an intake burst (flight recording, 2026-12-06).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FlowEvent(Data data) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Data(String event, String code, Long parentId, Long procedureVersionId, String reason) {
        }
    }

    public void onEvent(String cloudEvent) throws Exception {
        FlowEvent.Data data = json.readValue(cloudEvent, FlowEvent.class).data();
        if (data == null || data.event() == null) {
            return; // not a dossier event: nothing for the flow
        }
        String code = data.code();
        boolean child = data.parentId() != null;
        switch (data.event()) {
            case "RECEIVE", "ACCEPT" -> {
                // the event names its procedure version: most procedures have no steps, and need no dossier read
                if (!child && (data.procedureVersionId() == null || interAgency(data.procedureVersionId()))) {
                    startIfInterAgency(code);
                }
            }
            case "RESOLVE" -> {
                if (child) {
                    stepResolved(code);
                }
            }
            case "STOP" -> {
                if (child) {
                    stepStopped(code, data.reason() != null ? data.reason() : "step stopped");
                }
            }
            default -> {
                // other events do not move the flow
            }
        }
    }

    private boolean interAgency(long procedureVersionId) {
        return catalog.procedureVersion(procedureVersionId).map(p -> p.interAgency() && !p.steps().isEmpty()).orElse(true);
    }

    private void startIfInterAgency(String code) {
        DossierView parent = dossiers.get(code);
        ProcedureVersion procedure = catalog.procedureVersion(parent.procedureVersionId()).orElseThrow();
        if (!procedure.interAgency() || procedure.steps().isEmpty()) {
            return;
        }
        if (parent.status() == DossierStatus.RECEIVED) {
            apply(code, "flow:" + code + ":start", EventType.START, "inter-agency steps started");
        }
        startStep(parent.code(), procedure, procedure.steps().get(0));
    }

    private void stepResolved(String childCode) {
        DossierView step = dossiers.get(childCode);
        DossierView parent = dossiers.get(step.parentCode());
        ProcedureVersion procedure = catalog.procedureVersion(parent.procedureVersionId()).orElseThrow();
        List<ProcedureStep> steps = procedure.steps();
        int order = step.stepOrder();
        if (order < steps.size()) {
            startStep(parent.code(), procedure, steps.get(order));
            return;
        }
        ProcedureStep last = steps.get(steps.size() - 1);
        if (ProcedureStep.FINANCIAL_OBLIGATION.equals(last.kind())) {
            return; // the parent waits for the payment (tax notice) and goes on with the officers
        }
        if (parent.status() == DossierStatus.IN_PROGRESS || parent.status() == DossierStatus.RECEIVED) {
            apply(parent.code(), "flow:" + parent.code() + ":resolve", EventType.RESOLVE, "all inter-agency steps done");
        }
    }

    private void stepStopped(String childCode, String reason) {
        DossierView step = dossiers.get(childCode);
        DossierView parent = dossiers.get(step.parentCode());
        if (parent.endedAt() == null) {
            apply(parent.code(), "flow:" + parent.code() + ":stop:" + childCode, EventType.STOP,
                    "step " + step.stepOrder() + " (" + step.stepPartner() + ") refused: " + reason);
        }
    }

    private void startStep(String parentCode, ProcedureVersion procedure, ProcedureStep step) {
        LocalDate today = LocalDate.now(calendars.current().settings().zone());
        Agency agency = catalog.agencies().stream()
                .filter(a -> step.partner().equals(a.partner()) && a.validOn(today))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no agency in the catalog plays partner " + step.partner()));
        DossierView child = dossiers.createStep(parentCode, step.order(), step.partner(), agency.code(), step.timeLimit(), ACTOR);
        log.info("Inter-agency dossier {}: step {} ({}) is {}", parentCode, step.order(), step.partner(), child.code());
    }

    private void apply(String code, String eventId, EventType type, String reason) {
        dossiers.apply(code, new DossierCommand(eventId, type, null, ACTOR, "hub", reason, null, null));
    }
}
