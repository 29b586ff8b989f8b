package vn.lienthong.hub.agency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.platform.xml.SecureXml;

/**
 * The edge of the hub's SOAP service for the tax authority ({@code /services/tax}, connectors/tax-source). Before
 * CXF reads a request: only the tax authority's client may post; the body must fit {@code hub.xml.max-bytes}
 * (Content-Length or counted) and pass {@link SecureXml} — no DTD, so no external entity and no entity expansion
 * (XXE, billion laughs), nesting within {@code hub.xml.max-depth}. CXF then validates it against
 * schemas/xsd/tax.xsd. Every refusal, here or later in the route, is a SOAP fault with its reason, and is written to
 * {@code message_log} as REJECTED; nothing else changes.
 */
@Component("taxServiceGuard")
public class TaxServiceGuard implements CxfConfigurer {

    static final String PARTNER = "tax";
    /** The request as received, kept on the CXF exchange for the message log. */
    static final String RAW = TaxServiceGuard.class.getName() + ".raw";
    /** Set when the request passed the XML limits (then it is safe to parse again for the log). */
    static final String PARSED = TaxServiceGuard.class.getName() + ".parsed";

    private static final Logger log = LoggerFactory.getLogger(TaxServiceGuard.class);
    private static final Pattern OPERATION = Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?(SubmitTaxNotice|ConfirmPayment)[\\s/>]");
    private static final Pattern DOSSIER_CODE = Pattern.compile(
            "<(?:[A-Za-z_][\\w.-]*:)?dossierCode>\\s*(\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4})\\s*<");

    private final ObjectProvider<Bus> bus;
    private final DeliveryLog messages;
    private final int maxBytes;
    private final int maxDepth;

    TaxServiceGuard(ObjectProvider<Bus> bus, DeliveryLog messages,
            @Value("${hub.xml.max-bytes:" + SecureXml.DEFAULT_MAX_BYTES + "}") int maxBytes,
            @Value("${hub.xml.max-depth:" + SecureXml.DEFAULT_MAX_DEPTH + "}") int maxDepth) {
        this.bus = bus;
        this.messages = messages;
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factory) {
        // the bus of the CXF servlet (cxf.path), so that the relative address is published under /services
        Bus servletBus = bus.getIfAvailable();
        if (servletBus != null) {
            factory.setBus(servletBus);
        }
    }

    @Override
    public void configureServer(Server server) {
        server.getEndpoint().getInInterceptors().add(new Admission());
        server.getEndpoint().getOutFaultInterceptors().add(new RejectionLog());
        // a refused request is logged once, by RejectionLog, without CXF's stack trace; server faults keep it
        server.getEndpoint().put(FaultListener.class.getName(),
                (FaultListener) (e, description, message) -> !(e instanceof Fault f && senderFault(f)));
    }

    @Override
    public void configureClient(Client client) {
        // a server-side configurer
    }

    private static boolean senderFault(Fault fault) {
        return fault.getFaultCode() != null && "client".equalsIgnoreCase(fault.getFaultCode().getLocalPart())
                || String.valueOf(fault.getMessage()).contains("Unmarshalling Error");
    }

    private static final Pattern REASON_PREFIX = Pattern.compile("^([a-z0-9]+(?:-[a-z0-9]+)+|[a-z]+):\\s");

    /** The reason of a fault the hub did not raise itself, from its text and code. */
    static String reasonOf(Fault fault) {
        String text = String.valueOf(fault.getMessage());
        Matcher prefix = REASON_PREFIX.matcher(text);
        if (prefix.find()) {
            return prefix.group(1);
        }
        String code = fault.getFaultCode() == null ? "" : fault.getFaultCode().getLocalPart();
        if ("VersionMismatch".equals(code)) {
            return "version-mismatch";
        }
        if (text.contains("Unexpected element") || text.contains("No such operation")
                || text.contains("was not recognized")) {
            return "unknown-operation";
        }
        return senderFault(fault) ? "malformed-soap" : "internal-error";
    }

    /** The raw request of a CXF exchange, if it was read. */
    static String raw(Exchange exchange) {
        byte[] raw = exchange == null ? null : (byte[]) exchange.get(RAW);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** Refuses what must never reach an XML parser of the SOAP stack. */
    final class Admission extends AbstractPhaseInterceptor<Message> {

        Admission() {
            super(Phase.RECEIVE);
            addBefore(AttachmentInInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) {
            if ("GET".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
                return; // ?wsdl and ?xsd: public documents
            }
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            boolean tax = auth != null && auth.isAuthenticated() && auth.getAuthorities().stream()
                    .anyMatch(a -> ("CLIENT_" + PARTNER).equals(a.getAuthority()));
            if (!tax) {
                throw TaxFaults.rejected("forbidden",
                        "only the tax authority (API client 'tax', key in X-API-Key) may call this service");
            }
            HttpServletRequest http = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
            long declared = http == null ? -1 : http.getContentLengthLong();
            if (declared > maxBytes) {
                throw TaxFaults.rejected("too-large", "a message of " + declared + " bytes exceeds the limit of " + maxBytes);
            }
            byte[] body = read(message.getContent(InputStream.class));
            message.getExchange().put(RAW, body);
            try {
                SecureXml.parse(body, maxBytes, maxDepth);
            } catch (SecureXml.RejectedXmlException e) {
                throw TaxFaults.rejected(e.reason(), e.getMessage());
            }
            message.getExchange().put(PARSED, Boolean.TRUE);
            message.setContent(InputStream.class, new java.io.ByteArrayInputStream(body));
        }

        private byte[] read(InputStream in) {
            if (in == null) {
                throw TaxFaults.rejected("malformed-xml", "the request has no body");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            long total = 0;
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw TaxFaults.rejected("too-large", "the message exceeds the limit of " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                throw TaxFaults.rejected("malformed-xml", "the request cannot be read: " + e.getMessage());
            }
            return out.toByteArray();
        }
    }

    /** Every refused request in the message log, with the reason the fault gives. */
    final class RejectionLog extends AbstractPhaseInterceptor<Message> {

        RejectionLog() {
            super(Phase.PRE_PROTOCOL);
        }

        @Override
        public void handleMessage(Message message) {
            Exception e = message.getContent(Exception.class);
            if (e instanceof Fault fault) {
                String text = String.valueOf(fault.getMessage());
                if (text.contains("Unmarshalling Error") || text.startsWith("cvc-")) {
                    // CXF's schema validation (schemas/xsd/tax.xsd): say so, and blame the sender
                    fault.setMessage("schema-violation: " + text.replace("Unmarshalling Error:", "").trim());
                    fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
                }
                if (!TaxFaults.hasRejection(fault)) {
                    // CXF's own refusals (schema, unknown operation, not an envelope): the same machine-readable
                    // detail as the hub's, so a client can always tell why
                    TaxFaults.addRejection(fault, reasonOf(fault), String.valueOf(fault.getMessage()));
                }
            }
            Exchange exchange = message.getExchange();
            String reason = e == null ? "unknown" : String.valueOf(e.getMessage());
            String raw = raw(exchange);
            String type = "UNKNOWN";
            String dossier = null;
            BindingOperationInfo op = exchange.getBindingOperationInfo();
            if (op != null) {
                type = op.getName().getLocalPart();
            }
            if (Boolean.TRUE.equals(exchange.get(PARSED))) {
                try {
                    Document doc = SecureXml.parse((byte[]) exchange.get(RAW), maxBytes, maxDepth);
                    NodeList codes = doc.getElementsByTagNameNS(TaxFaults.NS, "dossierCode");
                    if (codes.getLength() > 0) {
                        String code = codes.item(0).getTextContent().trim();
                        dossier = code.length() > 100 ? code.substring(0, 100) : code;
                    }
                    if (op == null) {
                        NodeList body = doc.getElementsByTagNameNS("*", "Body");
                        if (body.getLength() > 0 && body.item(0).getFirstChild() != null) {
                            for (var n = body.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                                if (n.getNodeType() == org.w3c.dom.Node.ELEMENT_NODE) {
                                    type = n.getLocalName();
                                    break;
                                }
                            }
                        }
                    }
                } catch (RuntimeException ignored) {
                    // the log keeps what it can
                }
            }
            if (raw != null && (dossier == null || "UNKNOWN".equals(type))) {
                // refused before it could be parsed (DTD, depth): read what the log needs without an XML parser
                Matcher operation = OPERATION.matcher(raw);
                if ("UNKNOWN".equals(type) && operation.find()) {
                    type = operation.group(1);
                }
                Matcher code = DOSSIER_CODE.matcher(raw);
                if (dossier == null && code.find()) {
                    dossier = code.group(1);
                }
            }
            try {
                messages.log(PARTNER, "IN", dossier, null, type, raw, "REJECTED", 1, reason);
            } catch (RuntimeException logFailure) {
                log.error("Could not log a rejected tax message ({}): {}", reason, logFailure.toString());
            }
            log.info("Refused a {} message from the tax authority for {}: {}", type, dossier, reason);
        }
    }
}
