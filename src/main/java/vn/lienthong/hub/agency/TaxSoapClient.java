package vn.lienthong.hub.agency;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.namespace.QName;

import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import vn.lienthong.hub.contract.tax.InvalidLandObligationFormFault;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;

/**
 * The hub as a SOAP client of the tax authority (connectors/tax-sink, a Kamelet-local bean): the hub's key in
 * {@code X-API-Key}, connect and response timeouts, no chunked requests, and the fault mapping of
 * docs/PARTNERS.md — a fault that says the form is invalid (the contract's {@code InvalidLandObligationForm}, or
 * any sender fault, {@code soap:Client}) or an HTTP 4xx other than 408/429 (a wrong key) surfaces as
 * {@link PermanentDeliveryFailure}; anything else (HTTP 503, a server fault, a refused connection, a timeout) as
 * the ordinary exception CXF raises, which the caller retries.
 */
public class TaxSoapClient implements CxfConfigurer {

    private String apiKey;
    private long timeoutMs = 10_000;

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public void setTimeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factory) {
        // nothing before the client exists
    }

    @Override
    public void configureClient(Client client) {
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(timeoutMs);
        policy.setReceiveTimeout(timeoutMs);
        policy.setAllowChunking(false);
        // created by CXF's transport factory (configured and finalized as usual), with this factory
        client.getEndpoint().getEndpointInfo().setProperty(HTTPConduitFactory.class.getName(), URL_CONNECTION);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        conduit.setClient(policy);
        // a failed call is the caller's to log (the delivery route records every attempt), once, without CXF's trace
        client.getEndpoint().put(FaultListener.class.getName(), (FaultListener) (e, description, message) -> false);
        client.getOutInterceptors().add(new ApiKeyHeader(apiKey));
        client.getInFaultInterceptors().add(new PermanentFaults());
    }

    @Override
    public void configureServer(Server server) {
        // a client-side configurer
    }

    /**
     * The HttpURLConnection-based conduit. With CXF 4.1's default conduit (java.net.http), a second call through the
     * same client went out with an empty body now and then ("Too few bytes returned by the publisher (0/921)").
     */
    private static final HTTPConduitFactory URL_CONNECTION =
            (transport, bus, endpoint, target) -> new TaxConduit(bus, endpoint, target);

    /** An HTTP refusal that a retry cannot fix (4xx but 408 and 429: a wrong key, a rejected request) is permanent. */
    static final class TaxConduit extends URLConnectionHTTPConduit {

        TaxConduit(org.apache.cxf.Bus bus, org.apache.cxf.service.model.EndpointInfo endpoint,
                org.apache.cxf.ws.addressing.EndpointReferenceType target) throws IOException {
            super(bus, endpoint, target);
        }

        @Override
        public void close(Message message) throws IOException {
            try {
                super.close(message);
            } catch (HTTPException e) {
                int status = e.getResponseCode();
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    throw new PermanentDeliveryFailure("the tax authority refused the request with HTTP " + status
                            + " (" + e.getUrl() + ")", e);
                }
                throw e;
            }
        }
    }

    /** The hub's key at the tax authority, as an HTTP header of every request. */
    static final class ApiKeyHeader extends AbstractPhaseInterceptor<Message> {
        private final String apiKey;

        ApiKeyHeader(String apiKey) {
            super(Phase.POST_LOGICAL);
            this.apiKey = apiKey;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void handleMessage(Message message) {
            if (apiKey == null || apiKey.isBlank()) {
                return;
            }
            Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
            if (headers == null) {
                headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                message.put(Message.PROTOCOL_HEADERS, headers);
            }
            headers.put("X-API-Key", List.of(apiKey));
        }
    }

    /** Turns the partner's "this form is invalid" into a failure no retry can fix. */
    static final class PermanentFaults extends AbstractPhaseInterceptor<Message> {

        PermanentFaults() {
            super(Phase.PRE_LOGICAL); // after ClientFaultConverter (unmarshal) mapped the fault to its exception
        }

        @Override
        public void handleMessage(Message message) {
            Exception e = message.getContent(Exception.class);
            PermanentDeliveryFailure permanent = null;
            if (e instanceof InvalidLandObligationFormFault invalid) {
                String reason = invalid.getFaultInfo() == null ? "invalid-form" : invalid.getFaultInfo().getReason();
                String text = invalid.getFaultInfo() == null ? invalid.getMessage() : invalid.getFaultInfo().getMessage();
                permanent = new PermanentDeliveryFailure("the tax authority refused the mẫu 15 form as invalid ("
                        + reason + "): " + text, invalid);
            } else if (e instanceof Fault fault && isSenderFault(fault)) {
                permanent = new PermanentDeliveryFailure("the tax authority refused the request ("
                        + detailReason(fault) + "): " + fault.getMessage(), fault);
            }
            if (permanent != null) {
                message.setContent(Exception.class, permanent);
            }
        }

        private static boolean isSenderFault(Fault fault) {
            QName code = fault.getFaultCode();
            String local = code == null ? "" : code.getLocalPart();
            return "client".equalsIgnoreCase(local) || "sender".equalsIgnoreCase(local);
        }

        private static String detailReason(Fault fault) {
            Element detail = fault.getDetail();
            if (detail != null) {
                for (Node n = detail.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element rejection) {
                        var reasons = rejection.getElementsByTagNameNS(TaxFaults.NS, "reason");
                        return reasons.getLength() > 0 ? reasons.item(0).getTextContent() : rejection.getLocalName();
                    }
                }
            }
            return "sender fault";
        }
    }
}
