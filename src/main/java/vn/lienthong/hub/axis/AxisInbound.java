package vn.lienthong.hub.axis;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.contract.axis.AckSubmissions;
import vn.lienthong.hub.contract.axis.Applicant;
import vn.lienthong.hub.contract.axis.FetchSubmissions;
import vn.lienthong.hub.contract.axis.FetchSubmissionsResponse;
import vn.lienthong.hub.contract.axis.Submission;
import vn.lienthong.hub.contract.axis.SubmissionAck;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.InvalidDossierException;
import vn.lienthong.hub.dossier.NewDossier;

/**
 * Online submissions from the national portal (route {@code axis-inbound-poll}): each becomes a dossier SUBMITTED
 * through channel ONLINE at the time the citizen submitted it, registered by client {@code axis} under the
 * Idempotency-Key {@code axis:<submissionId>}, so a submission offered twice is one dossier. Officers then accept
 * or refuse it like any other; the answer goes back through the normal outbound sync.
 */
@Component("axisInbound")
public class AxisInbound {

    static final String CLIENT = "axis";
    static final String ACTOR = "dvcqg";
    private static final Logger log = LoggerFactory.getLogger(AxisInbound.class);

    private final DossierService dossiers;
    private final AxisSettings settings;

    AxisInbound(DossierService dossiers, AxisSettings settings) {
        this.dossiers = dossiers;
        this.settings = settings;
    }

    public FetchSubmissions fetch() {
        FetchSubmissions fetch = new FetchSubmissions();
        fetch.setMax(settings.getPollBatch());
        return fetch;
    }

    /**
     * Registers the submissions; returns the acknowledgements for the axis, or null when there was nothing. A
     * submission that cannot become a dossier (unknown procedure, invalid applicant, channel not allowed) is
     * acknowledged with the reason; any other failure propagates, and the next poll offers it again.
     */
    public AckSubmissions intake(FetchSubmissionsResponse offered) {
        if (offered == null || offered.getSubmission().isEmpty()) {
            return null;
        }
        AckSubmissions acks = new AckSubmissions();
        for (Submission s : offered.getSubmission()) {
            SubmissionAck ack = new SubmissionAck();
            ack.setSubmissionId(s.getSubmissionId());
            try {
                Applicant a = s.getApplicant();
                Instant submittedAt = PortalTime.parse(s.getSubmittedAt());
                NewDossier dossier = new NewDossier(s.getProcedureCode(),
                        new NewDossier.ApplicantInput(a.getFullName(), a.getIdNumber(), a.getPhone(), a.getEmail(),
                                a.getAddress()),
                        "ONLINE", s.getReturnMethod().value(), null, submittedAt, null, null);
                DossierService.Created created = dossiers.create(dossier, CLIENT, ACTOR, "axis:" + s.getSubmissionId());
                ack.setDossierCode(created.dossier().code());
                if (created.created()) {
                    log.info("Online submission {} from the national portal registered as dossier {}",
                            s.getSubmissionId(), created.dossier().code());
                }
            } catch (InvalidDossierException | IllegalArgumentException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ack.setRejectedReason(reason.length() > 500 ? reason.substring(0, 500) : reason);
                log.warn("Online submission {} from the national portal cannot be taken in: {}", s.getSubmissionId(), reason);
            }
            acks.getAck().add(ack);
        }
        return acks;
    }
}
