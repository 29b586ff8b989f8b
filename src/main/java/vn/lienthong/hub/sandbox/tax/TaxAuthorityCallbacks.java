package vn.lienthong.hub.sandbox.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.contract.tax.ConfirmPayment;
import vn.lienthong.hub.contract.tax.ConfirmPaymentResponse;
import vn.lienthong.hub.contract.tax.HubTaxPortType;
import vn.lienthong.hub.contract.tax.SubmitTaxNotice;
import vn.lienthong.hub.contract.tax.SubmitTaxNoticeResponse;
import vn.lienthong.hub.contract.tax.TaxMessageRejectedFault;
import vn.lienthong.hub.platform.security.ClientRegistry;

/**
 * The simulated tax authority calling the hub back over real SOAP ({@code {hub}/services/tax}, the WSDL's
 * HubTaxService) with the tax client's own API key: first the tax notice of an accepted form, then — playing the
 * citizen who pays — the payment confirmation {@code hub.sandbox.tax.payment-delay-ms} later. A call the hub could
 * not take (no answer, HTTP error, server fault) is tried again with exponential back-off; a call it refused
 * (a sender fault: unknown dossier, not allowed now) is not, and no payment follows a refused notice.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class TaxAuthorityCallbacks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TaxAuthorityCallbacks.class);
    static final String NS = "urn:lienthong:tax:v1";
    private static final String DEFAULT_URL = "http://127.0.0.1:${local.server.port}/services/tax";
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Sandbox land price per m², for a land-use fee that grows with the parcel. */
    private static final BigDecimal PRICE_PER_M2 = BigDecimal.valueOf(2_500_000);
    private static final int KEPT = 10_000;

    private final ClientRegistry clients;
    private final Environment env;
    private final long paymentDelayMs;
    private final int maxAttempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final DatatypeFactory datatypes;
    private final ScheduledExecutorService scheduler;
    private volatile HubTaxPortType hub;
    private final Map<String, Plan> plans = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
            return size() > KEPT;
        }
    });

    TaxAuthorityCallbacks(ClientRegistry clients, Environment env,
            @Value("${hub.sandbox.tax.payment-delay-ms:3000}") long paymentDelayMs,
            @Value("${hub.sandbox.callback.max-attempts:8}") int maxAttempts,
            @Value("${hub.sandbox.callback.initial-backoff-ms:1000}") long initialBackoffMs,
            @Value("${hub.sandbox.callback.max-backoff-ms:30000}") long maxBackoffMs) throws DatatypeConfigurationException {
        this.clients = clients;
        this.env = env;
        this.paymentDelayMs = Math.max(0, paymentDelayMs);
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoffMs = Math.max(1, initialBackoffMs);
        this.maxBackoffMs = Math.max(this.initialBackoffMs, maxBackoffMs);
        this.datatypes = DatatypeFactory.newInstance();
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sandbox-tax-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Plans the notice for an accepted form ({@code ticket} identifies it) about {@code landDossier}, sent
     * {@code delayMs} from now; the payment follows it.
     */
    Plan schedule(String deliveryId, String ticket, String landDossier, BigDecimal areaM2, long delayMs) {
        long landUseFee = landUseFee(landDossier, areaM2);
        long registrationFee = BigDecimal.valueOf(landUseFee).multiply(new BigDecimal("0.005"))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        Plan plan = new Plan(deliveryId, landDossier, ticket + "-N", ticket + "-P", landUseFee, registrationFee,
                LocalDate.now(VIETNAM).plusDays(30),
                "BL" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L)));
        plans.put(deliveryId, plan);
        scheduler.schedule(() -> notice(plan, 1), delayMs, TimeUnit.MILLISECONDS);
        return plan;
    }

    Optional<Plan> plan(String deliveryId) {
        return Optional.ofNullable(plans.get(deliveryId));
    }

    /** Land-use fee: area × the sandbox price when the form gives the area, else an amount fixed by the dossier. */
    static long landUseFee(String dossierCode, BigDecimal areaM2) {
        if (areaM2 != null && areaM2.signum() > 0) {
            return areaM2.multiply(PRICE_PER_M2).setScale(-3, RoundingMode.HALF_UP).longValue();
        }
        return 50_000_000L + Math.floorMod(dossierCode.hashCode(), 150) * 1_000_000L;
    }

    private void notice(Plan plan, int attempt) {
        SubmitTaxNotice n = new SubmitTaxNotice();
        n.setNoticeId(plan.noticeId());
        n.setDossierCode(plan.dossierCode());
        n.setLandUseFeeVnd(plan.landUseFeeVnd());
        n.setRegistrationFeeVnd(plan.registrationFeeVnd());
        XMLGregorianCalendar deadline = datatypes.newXMLGregorianCalendarDate(plan.paymentDeadline().getYear(),
                plan.paymentDeadline().getMonthValue(), plan.paymentDeadline().getDayOfMonth(), DatatypeConstants.FIELD_UNDEFINED);
        n.setPaymentDeadline(deadline);
        boolean accepted = call(plan, "notice", attempt, () -> {
            SubmitTaxNoticeResponse r = hub().submitTaxNotice(n);
            return r.getStatus();
        }, next -> notice(plan, next));
        if (accepted) {
            scheduler.schedule(() -> payment(plan, 1), paymentDelayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void payment(Plan plan, int attempt) {
        ConfirmPayment p = new ConfirmPayment();
        p.setPaymentId(plan.paymentId());
        p.setDossierCode(plan.dossierCode());
        p.setPaidAt(datatypes.newXMLGregorianCalendar(GregorianCalendar.from(Instant.now().atZone(VIETNAM))));
        p.setAmountVnd(plan.landUseFeeVnd() + plan.registrationFeeVnd());
        p.setReceiptNumber(plan.receiptNumber());
        call(plan, "payment", attempt, () -> {
            ConfirmPaymentResponse r = hub().confirmPayment(p);
            return r.getStatus();
        }, next -> payment(plan, next));
    }

    /** One call; true when the hub accepted it. Schedules the next attempt when the hub could not take it. */
    private boolean call(Plan plan, String what, int attempt, Call call, java.util.function.IntConsumer again) {
        String outcome;
        boolean retry = false;
        try {
            String status = call.run();
            plan.record(what, "ACCEPTED", attempt, "dossier " + plan.dossierCode() + " is " + status);
            log.info("Sandbox tax: {} for {} accepted by the hub (attempt {}), dossier now {}", what, plan.dossierCode(),
                    attempt, status);
            return true;
        } catch (TaxMessageRejectedFault e) {
            outcome = "refused: " + e.getMessage();
        } catch (SOAPFaultException e) {
            String code = e.getFault() == null ? "" : e.getFault().getFaultCodeAsQName().getLocalPart();
            retry = !"Client".equals(code) && !"Sender".equals(code);
            outcome = (retry ? "failed: " : "refused: ") + e.getMessage();
        } catch (WebServiceException | IllegalStateException e) {
            retry = true;
            outcome = "failed: " + e.getMessage();
        }
        if (retry && attempt < maxAttempts && !scheduler.isShutdown()) {
            long backoff = Math.min(maxBackoffMs, initialBackoffMs << Math.min(attempt - 1, 20));
            plan.record(what, "RETRYING", attempt, outcome);
            log.info("Sandbox tax: {} for {} {} (attempt {}); again in {} ms", what, plan.dossierCode(), outcome, attempt, backoff);
            scheduler.schedule(() -> again.accept(attempt + 1), backoff, TimeUnit.MILLISECONDS);
        } else {
            plan.record(what, retry ? "GAVE_UP" : "REFUSED", attempt, outcome);
            log.warn("Sandbox tax: {} for {} not taken by the hub after {} attempt(s): {}", what, plan.dossierCode(),
                    attempt, outcome);
        }
        return false;
    }

    @FunctionalInterface
    private interface Call {
        String run() throws TaxMessageRejectedFault;
    }

    /** A SOAP client of the hub's HubTaxService, made on first use (the port is known once the server runs). */
    private HubTaxPortType hub() {
        HubTaxPortType port = hub;
        if (port == null) {
            synchronized (this) {
                if (hub == null) {
                    String key = clients.sandboxKey("tax")
                            .orElseThrow(() -> new IllegalStateException("no sandbox key for client tax"));
                    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
                    factory.setServiceClass(HubTaxPortType.class);
                    factory.setWsdlURL("classpath:schemas/wsdl/tax.wsdl");
                    factory.setServiceName(new QName(NS, "HubTaxService"));
                    factory.setEndpointName(new QName(NS, "HubTaxPort"));
                    factory.setAddress(url());
                    factory.setProperties(new java.util.HashMap<>(Map.of("schema-validation-enabled", Boolean.TRUE)));
                    HubTaxPortType created = (HubTaxPortType) factory.create();
                    Client client = ClientProxy.getClient(created);
                    // the HttpURLConnection conduit, as the hub's own tax client uses (see agency.TaxSoapClient)
                    HTTPConduitFactory urlConnection = (transport, bus, endpoint, target) ->
                            new URLConnectionHTTPConduit(bus, endpoint, target);
                    client.getEndpoint().getEndpointInfo().setProperty(HTTPConduitFactory.class.getName(), urlConnection);
                    HTTPClientPolicy policy = new HTTPClientPolicy();
                    policy.setConnectionTimeout(5_000);
                    policy.setReceiveTimeout(15_000);
                    policy.setAllowChunking(false);
                    ((HTTPConduit) client.getConduit()).setClient(policy);
                    client.getRequestContext().put(Message.PROTOCOL_HEADERS, Map.of("X-API-Key", List.of(key)));
                    hub = created;
                }
                port = hub;
            }
        }
        return port;
    }

    private String url() {
        String configured = env.getProperty("hub.sandbox.tax.callback-url");
        return configured != null && !configured.isBlank() ? configured : env.resolveRequiredPlaceholders(DEFAULT_URL);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** What the simulated tax authority will tell the hub about one accepted form, and how far it got. */
    static final class Plan {
        private final String deliveryId;
        private final String dossierCode;
        private final String noticeId;
        private final String paymentId;
        private final long landUseFeeVnd;
        private final long registrationFeeVnd;
        private final LocalDate paymentDeadline;
        private final String receiptNumber;
        private final Map<String, Object> progress = new LinkedHashMap<>();

        Plan(String deliveryId, String dossierCode, String noticeId, String paymentId, long landUseFeeVnd,
                long registrationFeeVnd, LocalDate paymentDeadline, String receiptNumber) {
            this.deliveryId = deliveryId;
            this.dossierCode = dossierCode;
            this.noticeId = noticeId;
            this.paymentId = paymentId;
            this.landUseFeeVnd = landUseFeeVnd;
            this.registrationFeeVnd = registrationFeeVnd;
            this.paymentDeadline = paymentDeadline;
            this.receiptNumber = receiptNumber;
        }

        String deliveryId() { return deliveryId; }
        String dossierCode() { return dossierCode; }
        String noticeId() { return noticeId; }
        String paymentId() { return paymentId; }
        long landUseFeeVnd() { return landUseFeeVnd; }
        long registrationFeeVnd() { return registrationFeeVnd; }
        LocalDate paymentDeadline() { return paymentDeadline; }
        String receiptNumber() { return receiptNumber; }

        synchronized void record(String what, String state, int attempts, String detail) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("state", state);
            v.put("attempts", attempts);
            v.put("detail", detail);
            v.put("at", Instant.now());
            progress.put(what, v);
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("dossierCode", dossierCode);
            v.put("noticeId", noticeId);
            v.put("landUseFeeVnd", landUseFeeVnd);
            v.put("registrationFeeVnd", registrationFeeVnd);
            v.put("paymentDeadline", paymentDeadline);
            v.put("paymentId", paymentId);
            v.put("notice", progress.getOrDefault("notice", Map.of("state", "SCHEDULED")));
            v.put("payment", progress.get("payment"));
            return v;
        }
    }

}
