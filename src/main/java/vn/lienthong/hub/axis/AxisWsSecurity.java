package vn.lienthong.hub.axis;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;

import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.cxf.ws.security.tokenstore.MemoryTokenStore;
import org.apache.cxf.ws.security.wss4j.DefaultCryptoCoverageChecker;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.cache.MemoryReplayCache;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;

import vn.lienthong.hub.contract.axis.AxisRefusalFault;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;

/**
 * WS-Security of the hub's calls to the national axis (a CxfConfigurer the axis Kamelet instantiates with its
 * keystore settings): every request carries a wsu:Timestamp and an X.509 signature (RSA-SHA256, the hub's
 * certificate as a BinarySecurityToken) over the Timestamp and the Body; every reply must carry the same, signed by
 * a certificate of the trust store, or it is refused (and the call counts as failed). Also: the call's timeouts,
 * and the axis's refusals read — {@code token-expired} drops the session, {@code invalid-request} is permanent.
 */
public class AxisWsSecurity implements CxfConfigurer {

    static final String SIGNED_PARTS = "{Element}{" + WSConstants.WSU_NS + "}Timestamp;{Element}{"
            + WSConstants.URI_SOAP11_ENV + "}Body";

    private String keystorePath;
    private String keystorePassword;
    private String keyAlias;
    private String truststorePath;
    private String truststorePassword;
    private long timeoutMs = 10_000;
    private AxisSession session;

    public void setKeystorePath(String keystorePath) { this.keystorePath = keystorePath; }
    public void setKeystorePassword(String keystorePassword) { this.keystorePassword = keystorePassword; }
    public void setKeyAlias(String keyAlias) { this.keyAlias = keyAlias; }
    public void setTruststorePath(String truststorePath) { this.truststorePath = truststorePath; }
    public void setTruststorePassword(String truststorePassword) { this.truststorePassword = truststorePassword; }
    public void setTimeoutMs(long timeoutMs) { this.timeoutMs = timeoutMs; }
    public void setSession(AxisSession session) { this.session = session; }

    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factory) {
        // the client is configured in configureClient
    }

    @Override
    public void configureClient(Client client) {
        client.getOutInterceptors().add(new WSS4JOutInterceptor(signing(keystorePath, keystorePassword, keyAlias)));
        client.getInInterceptors().add(new WSS4JInInterceptor(verifying(truststorePath, truststorePassword)));
        client.getInInterceptors().add(new DefaultCryptoCoverageChecker()); // the Body and the Timestamp, signed
        client.getInFaultInterceptors().add(new Refusals());
        // in-memory token store and replay caches (not EHCache's disk-backed ones, slow to create)
        client.getEndpoint().put(SecurityConstants.TOKEN_STORE_CACHE_INSTANCE, new MemoryTokenStore());
        client.getEndpoint().put(SecurityConstants.TIMESTAMP_CACHE_INSTANCE, new MemoryReplayCache());
        client.getEndpoint().put(SecurityConstants.NONCE_CACHE_INSTANCE, new MemoryReplayCache());
        if (client.getConduit() instanceof HTTPConduit http) {
            HTTPClientPolicy policy = new HTTPClientPolicy();
            policy.setConnectionTimeout(timeoutMs);
            policy.setReceiveTimeout(timeoutMs);
            http.setClient(policy);
        }
    }

    @Override
    public void configureServer(Server server) {
        // a client-side configurer
    }

    /** WSS4J settings that sign outgoing messages with a PKCS12 key: Timestamp, then Signature over both. */
    public static Map<String, Object> signing(String keystore, String password, String alias) {
        Properties crypto = new Properties();
        crypto.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.type", "PKCS12");
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.file", keystore);
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.password", password);
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.alias", alias);
        Map<String, Object> out = new HashMap<>();
        out.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        out.put(ConfigurationConstants.SIGNATURE_USER, alias);
        out.put(ConfigurationConstants.PW_CALLBACK_REF, passwords(password));
        out.put(ConfigurationConstants.SIG_PROP_REF_ID, "axisSigningCrypto");
        out.put("axisSigningCrypto", crypto);
        out.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        out.put(ConfigurationConstants.SIG_ALGO, WSConstants.RSA_SHA256);
        out.put(ConfigurationConstants.SIG_DIGEST_ALGO, WSConstants.SHA256);
        out.put(ConfigurationConstants.SIGNATURE_PARTS, SIGNED_PARTS);
        out.put(ConfigurationConstants.TTL_TIMESTAMP, "300");
        return out;
    }

    /** WSS4J settings that require a Timestamp and a Signature by a certificate of the PKCS12 trust store. */
    public static Map<String, Object> verifying(String truststore, String password) {
        Properties crypto = new Properties();
        crypto.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.type", "PKCS12");
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.file", truststore);
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.password", password);
        Map<String, Object> in = new HashMap<>();
        in.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        in.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, "axisTrustCrypto");
        in.put("axisTrustCrypto", crypto);
        in.put(ConfigurationConstants.TTL_TIMESTAMP, "300");
        in.put(ConfigurationConstants.TTL_FUTURE_TIMESTAMP, "60");
        in.put(ConfigurationConstants.ENABLE_REVOCATION, "false");
        return in;
    }

    private static CallbackHandler passwords(String password) {
        return callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof WSPasswordCallback pc) {
                    pc.setPassword(password);
                }
            }
        };
    }

    /** Reads the axis's refusals (AxisRefusal codes, in the fault's text as "code: message"). */
    final class Refusals extends AbstractPhaseInterceptor<Message> {

        Refusals() {
            super(Phase.POST_LOGICAL);
        }

        @Override
        public void handleMessage(Message message) {
            Exception e = message.getContent(Exception.class);
            String text = e == null ? "" : String.valueOf(e.getMessage());
            if (e instanceof AxisRefusalFault refusal && refusal.getFaultInfo() != null) {
                text = refusal.getFaultInfo().getCode() + ": " + refusal.getFaultInfo().getMessage();
            }
            if (text.startsWith("token-expired")) {
                Message request = message.getExchange().getOutMessage();
                Object address = request == null ? null : request.get(Message.ENDPOINT_ADDRESS);
                if (session != null) {
                    session.forget(address == null ? null : address.toString(), text);
                }
            } else if (text.startsWith("invalid-request") || text.contains("Unmarshalling Error")) {
                message.setContent(Exception.class, new Fault(new PermanentDeliveryFailure(
                        "the national axis refused the message: " + text, e)));
            }
        }
    }
}
