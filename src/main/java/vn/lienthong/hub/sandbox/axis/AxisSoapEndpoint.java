package vn.lienthong.hub.sandbox.axis;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import javax.security.auth.callback.Callback;
import javax.xml.namespace.QName;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.cxf.ws.security.tokenstore.MemoryTokenStore;
import org.apache.cxf.ws.security.wss4j.DefaultCryptoCoverageChecker;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.cache.MemoryReplayCache;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publishes the simulated national axis as a real SOAP service at {@code /sandbox/axis/soap} (WSDL at
 * {@code ?wsdl}): a CXF servlet on a bus of its own (not the hub's {@code /services} bus), with WSS4J on both
 * ways — a request must carry a Timestamp and a Signature over the Timestamp and the Body by the hub's trusted
 * certificate, or it is refused with a SOAP fault before the service sees it; every answer is timestamped and
 * signed with the axis's key (or, when told to, with a key the hub does not trust). While {@code down} the servlet
 * answers HTTP 503; it also adds latency and random 503 failures.
 */
@Configuration(proxyBeanMethods = false)
@SandboxOnly
class AxisSoapEndpoint {

    static final String PATH = "/sandbox/axis/soap";
    static final String NS = "urn:lienthong:axis:v1";
    private static final Logger log = LoggerFactory.getLogger(AxisSoapEndpoint.class);

    /** The axis's own CXF bus and its published endpoint. */
    static final class Published implements DisposableBean {
        final Bus bus;
        final EndpointImpl endpoint;

        Published(Bus bus, EndpointImpl endpoint) {
            this.bus = bus;
            this.endpoint = endpoint;
        }

        @Override
        public void destroy() {
            endpoint.stop();
            bus.shutdown(false);
        }
    }

    @Bean
    Published sandboxAxisEndpoint(SimulatedAxis axis, SandboxAxisKeys keys, Bus hubBus) {
        // the hub's bus (injected so it exists first) stays the default one; the axis gets its own
        Bus previousThreadBus = BusFactory.getThreadDefaultBus(false);
        Bus bus = BusFactory.newInstance().createBus();
        if (BusFactory.getDefaultBus(false) == bus) {
            BusFactory.setDefaultBus(hubBus);
        }
        BusFactory.setThreadDefaultBus(previousThreadBus);
        EndpointImpl endpoint = new EndpointImpl(bus, axis);
        endpoint.setWsdlLocation("classpath:schemas/wsdl/axis.wsdl");
        endpoint.setServiceName(new QName(NS, "AxisService"));
        endpoint.setEndpointName(new QName(NS, "AxisPort"));
        endpoint.setAddress("/");
        endpoint.getProperties().put(Message.SCHEMA_VALIDATION_ENABLED, "true");
        endpoint.getInInterceptors().add(new WSS4JInInterceptor(verifying(keys)));
        endpoint.getInInterceptors().add(new DefaultCryptoCoverageChecker());
        // answers, refusals included, signed with the axis's key (or, when told to, the rogue one)
        ReplySigner signer = new ReplySigner(axis, new WSS4JOutInterceptor(signing(keys, SandboxAxisKeys.AXIS)),
                new WSS4JOutInterceptor(signing(keys, SandboxAxisKeys.ROGUE)));
        endpoint.getOutInterceptors().add(signer);
        endpoint.getOutFaultInterceptors().add(signer);
        // in-memory token store and replay caches: a replayed request (same signed timestamp) is refused
        endpoint.getProperties().put(SecurityConstants.TOKEN_STORE_CACHE_INSTANCE, new MemoryTokenStore());
        endpoint.getProperties().put(SecurityConstants.TIMESTAMP_CACHE_INSTANCE, new MemoryReplayCache());
        endpoint.getProperties().put(SecurityConstants.NONCE_CACHE_INSTANCE, new MemoryReplayCache());
        endpoint.publish();
        log.info("Sandbox: the simulated national axis listens at {} (WS-Security: signed and timestamped both ways)", PATH);
        return new Published(bus, endpoint);
    }

    @Bean
    ServletRegistrationBean<AxisServlet> sandboxAxisServlet(Published published, SimulatedAxis axis) {
        ServletRegistrationBean<AxisServlet> registration =
                new ServletRegistrationBean<>(new AxisServlet(published.bus, axis), PATH + "/*");
        registration.setName("sandboxAxisSoap");
        registration.setLoadOnStartup(1);
        return registration;
    }

    private static Map<String, Object> verifying(SandboxAxisKeys keys) {
        Properties crypto = new Properties();
        crypto.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.type", "PKCS12");
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.file", keys.truststore().toString());
        crypto.put("org.apache.wss4j.crypto.merlin.truststore.password", keys.password());
        Map<String, Object> in = new HashMap<>();
        in.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        in.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, "sandboxAxisTrust");
        in.put("sandboxAxisTrust", crypto);
        in.put(ConfigurationConstants.TTL_TIMESTAMP, "300");
        in.put(ConfigurationConstants.TTL_FUTURE_TIMESTAMP, "60");
        return in;
    }

    private static Map<String, Object> signing(SandboxAxisKeys keys, String alias) {
        Properties crypto = new Properties();
        crypto.put("org.apache.wss4j.crypto.provider", "org.apache.wss4j.common.crypto.Merlin");
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.type", "PKCS12");
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.file", keys.keystore().toString());
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.password", keys.password());
        crypto.put("org.apache.wss4j.crypto.merlin.keystore.alias", alias);
        Map<String, Object> out = new HashMap<>();
        out.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        out.put(ConfigurationConstants.SIGNATURE_USER, alias);
        out.put(ConfigurationConstants.PW_CALLBACK_REF, (javax.security.auth.callback.CallbackHandler) callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof WSPasswordCallback pc) {
                    pc.setPassword(keys.password());
                }
            }
        });
        out.put(ConfigurationConstants.SIG_PROP_REF_ID, "sandboxAxisSigning");
        out.put("sandboxAxisSigning", crypto);
        out.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        out.put(ConfigurationConstants.SIG_ALGO, WSConstants.RSA_SHA256);
        out.put(ConfigurationConstants.SIG_DIGEST_ALGO, WSConstants.SHA256);
        out.put(ConfigurationConstants.SIGNATURE_PARTS, "{Element}{" + WSConstants.WSU_NS + "}Timestamp;{Element}{"
                + WSConstants.URI_SOAP11_ENV + "}Body");
        return out;
    }

    /** Signs an answer with the axis's key, or (when told to) with the rogue one: a reply the hub must refuse. */
    static final class ReplySigner extends AbstractSoapInterceptor {
        private final SimulatedAxis axis;
        private final WSS4JOutInterceptor genuine;
        private final WSS4JOutInterceptor rogue;

        ReplySigner(SimulatedAxis axis, WSS4JOutInterceptor genuine, WSS4JOutInterceptor rogue) {
            super(Phase.PRE_PROTOCOL);
            this.axis = axis;
            this.genuine = genuine;
            this.rogue = rogue;
        }

        @Override
        public void handleMessage(SoapMessage message) {
            (axis.behaviour().signRepliesWithWrongKey() ? rogue : genuine).handleMessage(message);
        }
    }

    /** The CXF servlet of the axis, with the simulated outage, latency and failures in front. */
    static final class AxisServlet extends CXFNonSpringServlet {
        private final transient SimulatedAxis axis;

        AxisServlet(Bus bus, SimulatedAxis axis) {
            this.axis = axis;
            setBus(bus);
        }

        @Override
        protected void invoke(HttpServletRequest request, HttpServletResponse response) throws ServletException {
            if ("POST".equals(request.getMethod())) {
                AxisBehaviour now = axis.behaviour();
                if (now.down()) {
                    axis.restarted();
                    unavailable(response, "the national axis is down (simulated)");
                    return;
                }
                if (now.latencyMs() > 0) {
                    try {
                        Thread.sleep(now.latencyMs());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        unavailable(response, "interrupted");
                        return;
                    }
                }
                if (ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
                    unavailable(response, "the national axis failed (simulated)");
                    return;
                }
            }
            super.invoke(request, response);
        }

        private static void unavailable(HttpServletResponse response, String why) throws ServletException {
            try {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write(why);
            } catch (IOException e) {
                throw new ServletException(e);
            }
        }
    }
}
