package vn.lienthong.hub.sandbox.axis;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jws.WebService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.contract.axis.AckSubmissions;
import vn.lienthong.hub.contract.axis.AckSubmissionsResponse;
import vn.lienthong.hub.contract.axis.Applicant;
import vn.lienthong.hub.contract.axis.AxisPortType;
import vn.lienthong.hub.contract.axis.AxisRefusal;
import vn.lienthong.hub.contract.axis.AxisRefusalFault;
import vn.lienthong.hub.contract.axis.FetchSubmissions;
import vn.lienthong.hub.contract.axis.FetchSubmissionsResponse;
import vn.lienthong.hub.contract.axis.Login;
import vn.lienthong.hub.contract.axis.LoginResponse;
import vn.lienthong.hub.contract.axis.QueryStatus;
import vn.lienthong.hub.contract.axis.QueryStatusResponse;
import vn.lienthong.hub.contract.axis.ReturnMethod;
import vn.lienthong.hub.contract.axis.StatusItem;
import vn.lienthong.hub.contract.axis.Submission;
import vn.lienthong.hub.contract.axis.SubmissionAck;
import vn.lienthong.hub.contract.axis.SyncDossier;
import vn.lienthong.hub.contract.axis.SyncDossierResponse;
import vn.lienthong.hub.contract.axis.SyncResult;
import vn.lienthong.hub.contract.axis.UpdateProgress;
import vn.lienthong.hub.contract.axis.UpdateProgressResponse;

/**
 * The simulated national axis (schemas/wsdl/axis.wsdl), served over real SOAP at {@code /sandbox/axis/soap} by
 * {@link AxisSoapEndpoint}, which verifies the hub's signature before any of this runs and signs every answer.
 * It issues session tokens, keeps what it receives (applying each delivery id once per operation), answers status
 * queries from what it applied, and offers online submissions. Its {@link AxisBehaviour} makes it slow, failing,
 * down, forgetful (dropped messages, acknowledged but lost) or late (messages applied after a delay).
 */
@Component
@SandboxOnly
@WebService(serviceName = "AxisService", portName = "AxisPort", targetNamespace = "urn:lienthong:axis:v1",
        endpointInterface = "vn.lienthong.hub.contract.axis.AxisPortType", wsdlLocation = "classpath:schemas/wsdl/axis.wsdl")
public class SimulatedAxis implements AxisPortType, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatedAxis.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AxisRecords records;
    private final ObjectMapper json;
    private final AtomicReference<AxisBehaviour> behaviour = new AtomicReference<>(AxisBehaviour.DEFAULTS);
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    /** Deliveries whose sync message was dropped: their progress is lost with it. */
    private final Set<String> dropped = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));
    /** One thread: delayed messages are applied in the order they arrived. */
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-axis-delayed");
        t.setDaemon(true);
        return t;
    });

    SimulatedAxis(AxisRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    AxisBehaviour behaviour() {
        return behaviour.get();
    }

    void behave(AxisBehaviour next) {
        behaviour.set(next);
        if (next.down()) {
            restarted();
        }
        log.info("Sandbox axis: behaviour now {}", next);
    }

    /** Down, or started again: every session is forgotten. */
    void restarted() {
        if (!sessions.isEmpty()) {
            sessions.clear();
            log.info("Sandbox axis: sessions forgotten (simulated restart)");
        }
    }

    @Override
    public LoginResponse login(Login parameters) {
        // the caller is who its verified signature says it is; the system id is informative
        long ttl = behaviour.get().tokenTtlSeconds();
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = Instant.now().plusSeconds(ttl);
        sessions.put(token, expires);
        records.record(null, null, "Login", null, "{\"systemId\":\"" + parameters.getSystemId() + "\"}");
        LoginResponse answer = new LoginResponse();
        answer.setToken(token);
        answer.setExpiresAt(portalTime(expires));
        answer.setTtlSeconds((int) ttl);
        return answer;
    }

    @Override
    public SyncDossierResponse syncDossier(SyncDossier p) throws AxisRefusalFault {
        session(p.getToken());
        String code = p.getDossier().getDossierCode();
        int status = p.getDossier().getStatus();
        boolean known = records.knows(code);
        boolean seen = seen(p.getDeliveryId(), AxisRecords.SYNC);
        if (!seen && ThreadLocalRandom.current().nextDouble() < behaviour.get().dropRate()) {
            dropped.add(p.getDeliveryId());
            log.info("Sandbox axis: dropped SyncDossier {} of {} (status {}) after acknowledging it", p.getDeliveryId(), code, status);
        } else {
            String payload = payload(p.getDossier());
            apply(() -> records.record(p.getDeliveryId(), code, AxisRecords.SYNC, status, payload));
        }
        SyncDossierResponse answer = new SyncDossierResponse();
        answer.setResult(seen ? SyncResult.DUPLICATE : known ? SyncResult.UPDATED : SyncResult.CREATED);
        answer.setStatus(status);
        return answer;
    }

    @Override
    public UpdateProgressResponse updateProgress(UpdateProgress p) throws AxisRefusalFault {
        session(p.getToken());
        boolean seen = seen(p.getDeliveryId(), AxisRecords.PROGRESS);
        if (dropped.contains(p.getDeliveryId())) {
            log.info("Sandbox axis: dropped UpdateProgress {} of {} with its dossier", p.getDeliveryId(), p.getDossierCode());
        } else {
            String payload = payload(p.getProgress());
            int status = p.getProgress().getStatus();
            apply(() -> records.record(p.getDeliveryId(), p.getDossierCode(), AxisRecords.PROGRESS, status, payload));
        }
        UpdateProgressResponse answer = new UpdateProgressResponse();
        answer.setResult(seen ? SyncResult.DUPLICATE : SyncResult.ACCEPTED);
        return answer;
    }

    @Override
    public QueryStatusResponse queryStatus(QueryStatus p) throws AxisRefusalFault {
        session(p.getToken());
        List<String> codes = p.getDossierCode();
        Map<String, AxisRecords.Held> held = records.held(codes);
        records.record(null, null, "QueryStatus", null, "{\"dossiers\":" + codes.size() + "}");
        QueryStatusResponse answer = new QueryStatusResponse();
        for (String code : codes) {
            StatusItem item = new StatusItem();
            item.setDossierCode(code);
            AxisRecords.Held h = held.get(code);
            item.setKnown(h != null);
            if (h != null) {
                item.setStatus(h.status());
                item.setUpdatedAt(portalTime(h.updatedAt()));
            }
            answer.getItem().add(item);
        }
        return answer;
    }

    @Override
    public FetchSubmissionsResponse fetchSubmissions(FetchSubmissions p) throws AxisRefusalFault {
        session(p.getToken());
        FetchSubmissionsResponse answer = new FetchSubmissionsResponse();
        for (AxisRecords.Submission s : records.pending(Math.max(1, Math.min(p.getMax(), 500)))) {
            Submission offered = new Submission();
            offered.setSubmissionId(s.submissionId());
            offered.setProcedureCode(s.procedureCode());
            try {
                offered.setApplicant(json.readValue(s.applicant(), Applicant.class));
            } catch (Exception e) {
                throw refusal("unavailable", "submission " + s.submissionId() + " is unreadable: " + e.getMessage());
            }
            offered.setSubmittedAt(portalTime(s.submittedAt()));
            offered.setReturnMethod(ReturnMethod.fromValue(s.returnMethod()));
            answer.getSubmission().add(offered);
        }
        return answer;
    }

    @Override
    public AckSubmissionsResponse ackSubmissions(AckSubmissions p) throws AxisRefusalFault {
        session(p.getToken());
        int n = 0;
        for (SubmissionAck ack : p.getAck()) {
            if (records.acknowledge(ack.getSubmissionId(), ack.getDossierCode(), ack.getRejectedReason())) {
                n++;
            }
        }
        AckSubmissionsResponse answer = new AckSubmissionsResponse();
        answer.setAcknowledged(n);
        return answer;
    }

    private void session(String token) throws AxisRefusalFault {
        Instant expires = token == null ? null : sessions.get(token);
        if (expires == null) {
            throw refusal("token-expired", "unknown session: log in again");
        }
        if (!Instant.now().isBefore(expires)) {
            sessions.remove(token);
            throw refusal("token-expired", "the session expired at " + portalTime(expires) + ": log in again");
        }
    }

    private boolean seen(String deliveryId, String kind) {
        return deliveryId != null && records.seen(deliveryId, kind);
    }

    private void apply(Runnable keep) {
        long delay = behaviour.get().delayMs();
        if (delay > 0) {
            later.schedule(() -> {
                try {
                    keep.run();
                } catch (RuntimeException e) {
                    log.warn("Sandbox axis: a delayed message could not be kept: {}", e.toString());
                }
            }, delay, TimeUnit.MILLISECONDS);
        } else {
            keep.run();
        }
    }

    private String payload(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            return String.valueOf(o);
        }
    }

    static AxisRefusalFault refusal(String code, String message) {
        AxisRefusal r = new AxisRefusal();
        r.setCode(code);
        r.setMessage(message);
        return new AxisRefusalFault(code + ": " + message, r);
    }

    static String portalTime(Instant t) {
        return PORTAL_TIME.format(t.atZone(ZONE));
    }

    @Override
    public void destroy() {
        later.shutdownNow();
    }
}
