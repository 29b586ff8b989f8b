package vn.lienthong.hub.agency;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import vn.lienthong.hub.catalog.Agency;
import vn.lienthong.hub.catalog.CatalogService;
import vn.lienthong.hub.catalog.ProcedureVersion;
import vn.lienthong.hub.contract.tax.ConfirmPayment;
import vn.lienthong.hub.contract.tax.ConfirmPaymentResponse;
import vn.lienthong.hub.contract.tax.SubmitTaxNotice;
import vn.lienthong.hub.contract.tax.SubmitTaxNoticeResponse;
import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.dossier.DossierCommand;
import vn.lienthong.hub.dossier.DossierNotFoundException;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierStatus;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.EventType;
import vn.lienthong.hub.dossier.IllegalTransitionException;
import vn.lienthong.hub.dossier.InvalidDossierException;

/**
 * What the tax authority tells the hub (routes/agency/tax-inbound.camel.yaml, SOAP {@code /services/tax}):
 * <ul>
 *   <li>a tax notice (thông báo nộp tiền) — the land dossier waits for payment ({@code REQUEST_PAYMENT}, event
 *       {@code tax-notice:<noticeId>}, clock paused) and its open tax step, if any, is resolved
 *       ({@code tax-notice:<noticeId>:step});</li>
 *   <li>a payment confirmation — the land dossier goes on ({@code PAYMENT_RECEIVED}, event
 *       {@code tax-payment:<paymentId>}).</li>
 * </ul>
 * The same notice or payment twice is applied once. A message about an unknown dossier, a dossier the tax authority
 * has no part in, or a change the lifecycle refuses is answered with a SOAP fault and changes nothing. Accepted
 * messages are written to {@code message_log}; refused ones are written by {@link TaxServiceGuard}.
 */
@Component("taxInbound")
public class TaxInbound {

    static final String PARTNER = TaxServiceGuard.PARTNER;
    private static final String ACTOR = "tax";
    private static final Set<DossierStatus> OPEN_STEP = EnumSet.of(DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS);
    /** Vietnamese dates without an offset are local time (DOMAIN.md: Asia/Ho_Chi_Minh). */
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final DossierService dossiers;
    private final CatalogService catalog;
    private final DeliveryLog messages;
    private final JdbcTemplate jdbc;

    TaxInbound(DossierService dossiers, CatalogService catalog, DeliveryLog messages, JdbcTemplate jdbc) {
        this.dossiers = dossiers;
        this.catalog = catalog;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    /** SubmitTaxNotice: the land dossier goes to AWAITING_PAYMENT; its open tax step is resolved. */
    public SubmitTaxNoticeResponse notice(SubmitTaxNotice notice, Exchange exchange) {
        Target target = target(notice.getDossierCode());
        String eventId = "tax-notice:" + notice.getNoticeId();
        boolean replay = seen(eventId);
        String amounts = "land-use fee " + vnd(notice.getLandUseFeeVnd()) + ", registration fee "
                + vnd(notice.getRegistrationFeeVnd()) + ", total "
                + vnd(notice.getLandUseFeeVnd() + notice.getRegistrationFeeVnd()) + ", to be paid by "
                + date(notice.getPaymentDeadline());
        DossierView land = apply(target.land().code(), new DossierCommand(eventId, EventType.REQUEST_PAYMENT, null,
                ACTOR, PARTNER, "Tax notice " + notice.getNoticeId() + ": " + amounts, null, null));
        String stepCode = null;
        Optional<DossierView> step = target.step() != null ? Optional.of(target.step()) : openTaxStep(land.code());
        if (step.isPresent() && OPEN_STEP.contains(step.get().status())) {
            stepCode = step.get().code();
            apply(stepCode, new DossierCommand(eventId + ":step", EventType.RESOLVE, null, ACTOR, PARTNER,
                    "financial obligation determined: tax notice " + notice.getNoticeId() + " (" + amounts + ")", null, null));
        }
        accepted(exchange, "SubmitTaxNotice", land.code(), (replay ? "again (applied once): " : "")
                + "notice " + notice.getNoticeId() + ", " + amounts + " → " + land.status()
                + (stepCode != null ? "; tax step " + stepCode + " resolved" : ""));
        SubmitTaxNoticeResponse response = new SubmitTaxNoticeResponse();
        response.setAccepted(true);
        response.setStatus(land.status().name());
        return response;
    }

    /** ConfirmPayment: the land dossier leaves AWAITING_PAYMENT; its clock runs again from the payment. */
    public ConfirmPaymentResponse payment(ConfirmPayment payment, Exchange exchange) {
        Target target = target(payment.getDossierCode());
        String eventId = "tax-payment:" + payment.getPaymentId();
        boolean replay = seen(eventId);
        Instant paidAt = instant(payment.getPaidAt());
        String what = "payment " + payment.getPaymentId() + " of " + vnd(payment.getAmountVnd()) + " on " + paidAt
                + ", receipt " + payment.getReceiptNumber();
        DossierView land = apply(target.land().code(), new DossierCommand(eventId, EventType.PAYMENT_RECEIVED, paidAt,
                ACTOR, PARTNER, "Financial obligation paid: " + what, null, null));
        accepted(exchange, "ConfirmPayment", land.code(),
                (replay ? "again (applied once): " : "") + what + " → " + land.status());
        ConfirmPaymentResponse response = new ConfirmPaymentResponse();
        response.setAccepted(true);
        response.setStatus(land.status().name());
        return response;
    }

    /** The land dossier a message is about, and the tax step when the message named the step itself. */
    private record Target(DossierView land, DossierView step) {
    }

    private Target target(String code) {
        DossierView d = get(code);
        if (d.parentCode() != null && PARTNER.equals(d.stepPartner())) {
            return new Target(get(d.parentCode()), d);
        }
        if (!routedToTax(d)) {
            throw TaxFaults.rejected("not-routed-to-tax", "dossier " + code + " (procedure " + d.procedureCode()
                    + ") has no financial-obligation step with the tax authority");
        }
        return new Target(d, null);
    }

    private boolean routedToTax(DossierView d) {
        Optional<ProcedureVersion> procedure = catalog.procedureVersion(d.procedureVersionId());
        boolean taxStep = procedure.map(p -> p.steps().stream().anyMatch(s -> PARTNER.equals(s.partner()))).orElse(false);
        boolean atTax = d.currentAgency() != null
                && catalog.agency(d.currentAgency()).map(Agency::partner).map(PARTNER::equals).orElse(false);
        return taxStep || atTax;
    }

    private Optional<DossierView> openTaxStep(String landCode) {
        return dossiers.steps(landCode).stream()
                .filter(s -> PARTNER.equals(s.stepPartner()) && OPEN_STEP.contains(s.status()))
                .findFirst();
    }

    private DossierView get(String code) {
        try {
            return dossiers.get(code);
        } catch (DossierNotFoundException e) {
            throw TaxFaults.rejected("unknown-dossier", e.getMessage());
        }
    }

    /** Applies an event; the lifecycle's refusal becomes a fault with its reason. */
    private DossierView apply(String code, DossierCommand command) {
        try {
            return dossiers.apply(code, command);
        } catch (DossierNotFoundException e) {
            throw TaxFaults.rejected("unknown-dossier", e.getMessage());
        } catch (IllegalTransitionException e) {
            throw TaxFaults.rejected(e.reason(), "dossier " + code + ": " + e.getMessage());
        } catch (InvalidDossierException e) {
            throw TaxFaults.rejected(e.reason(), "dossier " + code + ": " + e.getMessage());
        }
    }

    private boolean seen(String eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from dossier_history where event_id = ?)", Boolean.class, eventId));
    }

    private void accepted(Exchange exchange, String type, String dossierCode, String detail) {
        org.apache.cxf.message.Message cxf = exchange.getIn().getHeader(CxfConstants.CAMEL_CXF_MESSAGE,
                org.apache.cxf.message.Message.class);
        String raw = TaxServiceGuard.raw(cxf == null ? null : cxf.getExchange());
        messages.log(PARTNER, "IN", dossierCode, null, type, raw, "ACCEPTED", 1, detail);
    }

    private static String vnd(long amount) {
        return NumberFormat.getIntegerInstance(Locale.forLanguageTag("vi-VN")).format(amount) + " VND";
    }

    private static LocalDate date(XMLGregorianCalendar c) {
        return LocalDate.of(c.getYear(), c.getMonth(), c.getDay());
    }

    /** An xs:dateTime; without an offset it is Vietnamese local time. */
    static Instant instant(XMLGregorianCalendar c) {
        if (c.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            int second = c.getSecond() == DatatypeConstants.FIELD_UNDEFINED ? 0 : c.getSecond();
            return LocalDateTime.of(c.getYear(), c.getMonth(), c.getDay(), c.getHour(), c.getMinute(), second)
                    .atZone(VIETNAM).toInstant();
        }
        return c.toGregorianCalendar().toInstant();
    }
}
