package vn.lienthong.hub.agency;

import javax.xml.namespace.QName;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP faults of the tax contract (schemas/wsdl/tax.wsdl): a sender fault ({@code soap:Client}) carrying a
 * {@code Rejection} — a short machine-readable reason and a sentence for people — so that a client in any language
 * can tell why its message was refused.
 */
public final class TaxFaults {

    public static final String NS = "urn:lienthong:tax:v1";
    /** Detail element of the hub's faults ({@code /services/tax}). */
    static final QName HUB_REJECTION = new QName(NS, "TaxMessageRejected");
    /** Detail element of the tax authority's fault for an invalid mẫu 15 form. */
    public static final QName INVALID_FORM = new QName(NS, "InvalidLandObligationForm");

    private TaxFaults() {
    }

    /** The hub refused a message from the tax authority; nothing was changed. */
    public static SoapFault rejected(String reason, String message) {
        return fault(HUB_REJECTION, reason, message);
    }

    /** A SOAP 1.1 sender fault with a Rejection detail named {@code detailName}. */
    public static SoapFault fault(QName detailName, String reason, String message) {
        SoapFault fault = new SoapFault(reason + ": " + message, Fault.FAULT_CODE_CLIENT);
        addDetail(fault, detailName, reason, message);
        return fault;
    }

    /** True when the fault already carries a Rejection detail of the hub. */
    static boolean hasRejection(Fault fault) {
        Element detail = fault.getDetail();
        return detail != null && detail.getElementsByTagNameNS(NS, HUB_REJECTION.getLocalPart()).getLength() > 0;
    }

    /** Adds the hub's Rejection detail (reason and message) to a fault raised elsewhere (CXF, the schema check). */
    static void addRejection(Fault fault, String reason, String message) {
        addDetail(fault, HUB_REJECTION, reason, message);
    }

    private static void addDetail(Fault fault, QName detailName, String reason, String message) {
        Element detail = fault.getOrCreateDetail();
        Document doc = detail.getOwnerDocument();
        Element rejection = doc.createElementNS(NS, "tax:" + detailName.getLocalPart());
        Element r = doc.createElementNS(NS, "tax:reason");
        r.setTextContent(clip(reason, 200));
        Element m = doc.createElementNS(NS, "tax:message");
        m.setTextContent(clip(message, 2000));
        rejection.appendChild(r);
        rejection.appendChild(m);
        detail.appendChild(rejection);
    }

    private static String clip(String s, int max) {
        String v = s == null || s.isBlank() ? "unknown" : s;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
