package vn.lienthong.hub.dossier;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A dossier as the API shows it: its state, clock, history and pauses. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DossierView(String code, String procedureCode, String procedureName, long procedureVersionId,
        String agencyCode, String currentAgency, Applicant applicant, Channel channel, ReturnMethod returnMethod,
        long feesVnd, boolean fourOnSite, DossierStatus status, int dvcqgStatus, String subState,
        Instant submittedAt, Instant receivedAt, Instant dueAt, Instant originalDueAt, boolean extended,
        int supplementRequests, long pausedWorkingMinutes, Instant pausedSince, Instant endedAt, EndKind endKind,
        String timeliness, boolean overdue, String parentCode, Integer stepOrder, String stepPartner,
        List<String> allowedEvents, List<PauseView> pauses, List<HistoryView> history, long version) {

    public record PauseView(PauseKind kind, Instant startedAt, Instant endedAt, Long workingMinutes) {
    }

    public record HistoryView(String eventId, String type, String fromStatus, String toStatus, Instant at,
            String actor, String client, String channel, String reason, String formIssued, Instant recordedAt) {
    }

    /** What the public may see of a dossier: no personal data. */
    public record PublicView(String code, String procedureCode, String procedureName, DossierStatus status,
            int dvcqgStatus, Instant receivedAt, Instant dueAt, Instant endedAt) {
    }

    public PublicView publicView() {
        return new PublicView(code, procedureCode, procedureName, status, dvcqgStatus, receivedAt, dueAt, endedAt);
    }
}
