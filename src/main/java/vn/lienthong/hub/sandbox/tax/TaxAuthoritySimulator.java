package vn.lienthong.hub.sandbox.tax;

import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import vn.lienthong.hub.platform.security.Secrets;
import vn.lienthong.hub.platform.xml.SecureXml;

/**
 * The tax authority, simulated under {@code /sandbox/tax} (sandbox mode only), speaking the contract of
 * schemas/wsdl/tax.wsdl over real SOAP:
 * <ul>
 *   <li>{@code POST /sandbox/tax/services/land-obligation} — LandObligationService.SubmitLandObligationForm (mẫu 15):
 *       checks the hub's key at the tax authority ({@code hub.partners.tax.api-key}, in X-API-Key), behaves as told,
 *       parses the envelope within the hub's XML limits, validates the form against schemas/xsd/tax.xsd and its own
 *       rules (an invalid form gets an {@code InvalidLandObligationForm} fault), records it and answers
 *       {@code accepted} with a ticket — the same ticket for the same delivery id, processed once. Then, later, it
 *       calls the hub back with the tax notice and the payment ({@link TaxAuthorityCallbacks}).</li>
 *   <li>{@code PUT /sandbox/tax/behaviour} {@code {"latencyMs","failureRate","down"}} (ADMIN), {@code GET} the same;</li>
 *   <li>{@code GET /sandbox/tax/messages?dossier=CODE} — the forms it received, in arrival order.</li>
 * </ul>
 */
@RestController
@RequestMapping("/sandbox/tax")
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class TaxAuthoritySimulator {

    private static final Logger log = LoggerFactory.getLogger(TaxAuthoritySimulator.class);
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String KIND = "FINANCIAL_OBLIGATION";
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("latencyMs", "failureRate", "down");
    private static final MediaType XML = new MediaType("text", "xml", StandardCharsets.UTF_8);

    private final TaxSandboxMessages messages;
    private final TaxAuthorityCallbacks callbacks;
    private final ObjectMapper json;
    private final byte[] hubKey;
    private final int maxBytes;
    private final int maxDepth;
    private final long noticeDelayMs;
    private final TaxBehaviour defaults;
    private final AtomicReference<TaxBehaviour> behaviour;
    private final Schema schema;

    TaxAuthoritySimulator(TaxSandboxMessages messages, TaxAuthorityCallbacks callbacks, ObjectMapper json,
            @Value("${hub.partners.tax.api-key:}") String hubKey,
            @Value("${hub.xml.max-bytes:" + SecureXml.DEFAULT_MAX_BYTES + "}") int maxBytes,
            @Value("${hub.xml.max-depth:" + SecureXml.DEFAULT_MAX_DEPTH + "}") int maxDepth,
            @Value("${hub.sandbox.tax.latency-ms:300}") long latencyMs,
            @Value("${hub.sandbox.tax.failure-rate:0}") double failureRate,
            @Value("${hub.sandbox.tax.notice-delay-ms:500}") long noticeDelayMs) throws SAXException {
        this.messages = messages;
        this.callbacks = callbacks;
        this.json = json;
        this.hubKey = hubKey == null ? new byte[0] : hubKey.getBytes(StandardCharsets.UTF_8);
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.noticeDelayMs = Math.max(0, noticeDelayMs);
        this.defaults = new TaxBehaviour(latencyMs, failureRate, false);
        this.behaviour = new AtomicReference<>(defaults);
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        URL xsd = getClass().getClassLoader().getResource("schemas/xsd/tax.xsd");
        if (xsd == null) {
            throw new IllegalStateException("schemas/xsd/tax.xsd is not on the classpath");
        }
        this.schema = factory.newSchema(xsd);
    }

    @PostMapping("/services/land-obligation")
    ResponseEntity<String> submit(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestBody(required = false) byte[] body) {
        if (apiKey == null || hubKey.length == 0
                || !MessageDigest.isEqual(hubKey, apiKey.getBytes(StandardCharsets.UTF_8))) {
            log.warn("Sandbox tax: refused a call with a wrong or missing X-API-Key");
            return fault(HttpStatus.UNAUTHORIZED, "Client", "invalid-api-key",
                    "The key in X-API-Key is not the hub's key at the tax authority.", null);
        }
        TaxBehaviour now = behaviour.get();
        if (now.down()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .contentType(MediaType.TEXT_PLAIN).body("The tax authority's service is down (simulated).");
        }
        if (now.latencyMs() > 0) {
            try {
                Thread.sleep(now.latencyMs()); // the tax authority's response time, on the request's own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fault(HttpStatus.SERVICE_UNAVAILABLE, "Server", "unavailable", "interrupted", null);
            }
        }
        if (now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
            return fault(HttpStatus.SERVICE_UNAVAILABLE, "Server", "unavailable",
                    "The tax authority failed this call (simulated failure rate " + now.failureRate() + ").", null);
        }
        Element form;
        try {
            form = bodyElement(SecureXml.parse(body == null ? new byte[0] : body, maxBytes, maxDepth));
        } catch (SecureXml.RejectedXmlException e) {
            return fault(HttpStatus.INTERNAL_SERVER_ERROR, "Client", e.reason(), e.getMessage(), null);
        }
        if (form == null || !TaxAuthorityCallbacks.NS.equals(form.getNamespaceURI())
                || !"SubmitLandObligationForm".equals(form.getLocalName())) {
            return fault(HttpStatus.INTERNAL_SERVER_ERROR, "Client", "unknown-operation",
                    "This service takes a SubmitLandObligationForm (urn:lienthong:tax:v1) in a SOAP 1.1 envelope.", null);
        }
        String invalid = invalid(form);
        if (invalid != null) {
            log.info("Sandbox tax: refused an invalid form: {}", invalid);
            return fault(HttpStatus.INTERNAL_SERVER_ERROR, "Client", "invalid-form", invalid, "InvalidLandObligationForm");
        }
        String deliveryId = child(form, "deliveryId");
        String dossierCode = child(form, "dossierCode");
        String parentCode = child(form, "parentCode");
        TaxSandboxMessages.Received received = messages.record(deliveryId, dossierCode, KIND,
                new String(body, StandardCharsets.UTF_8));
        String ticket = ticket(deliveryId);
        if (received.duplicate()) {
            log.info("Sandbox tax: form {} received again; acknowledged, not processed twice", deliveryId);
        } else {
            String area = child(form, "areaM2");
            long delay = now.latencyMs() + noticeDelayMs + ThreadLocalRandom.current().nextLong(300);
            callbacks.schedule(deliveryId, ticket, parentCode != null ? parentCode : dossierCode,
                    area == null ? null : new BigDecimal(area), delay);
            log.info("Sandbox tax: accepted form {} for dossier {} (ticket {})", deliveryId, dossierCode, ticket);
        }
        return ResponseEntity.ok().contentType(XML).body(envelope(
                "<tax:SubmitLandObligationFormResponse xmlns:tax=\"" + TaxAuthorityCallbacks.NS + "\">"
                        + "<tax:accepted>true</tax:accepted><tax:ticket>" + escape(ticket) + "</tax:ticket>"
                        + "</tax:SubmitLandObligationFormResponse>"));
    }

    @PutMapping("/behaviour")
    @PreAuthorize("hasRole('ADMIN')")
    TaxBehaviour changeBehaviour(@RequestBody(required = false) JsonNode body) {
        TaxBehaviour.Change change;
        if (body == null || body.isNull()) {
            change = new TaxBehaviour.Change(null, null, null);
        } else {
            if (!body.isObject()) {
                throw new IllegalArgumentException("the behaviour is a JSON object");
            }
            List<String> unknown = new ArrayList<>();
            body.fieldNames().forEachRemaining(f -> {
                if (!BEHAVIOUR_FIELDS.contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown behaviour field(s) " + unknown + "; known: " + BEHAVIOUR_FIELDS);
            }
            try {
                change = json.treeToValue(body, TaxBehaviour.Change.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid behaviour: " + e.getOriginalMessage());
            }
        }
        TaxBehaviour next = change.over(defaults);
        behaviour.set(next);
        log.info("Sandbox tax: behaviour now {}", next);
        return next;
    }

    @GetMapping("/behaviour")
    @PreAuthorize("hasRole('VIEWER')")
    TaxBehaviour behaviour() {
        return behaviour.get();
    }

    /** The forms received about a dossier (or for a delivery id, or the latest 200), in arrival order. */
    @GetMapping("/messages")
    @PreAuthorize("hasRole('VIEWER')")
    Map<String, Object> messages(@RequestParam(required = false) String dossier,
            @RequestParam(required = false) String deliveryId) {
        List<Map<String, Object>> content = new ArrayList<>();
        for (TaxSandboxMessages.Received m : messages.list(blank(dossier), blank(deliveryId), 200)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", m.id());
            v.put("deliveryId", m.deliveryId());
            v.put("kind", m.kind());
            v.put("dossierCode", m.dossierCode());
            v.put("receivedAt", m.receivedAt());
            v.put("duplicate", m.duplicate());
            v.put("payload", m.payload());
            v.put("callback", m.duplicate() ? null : callbacks.plan(m.deliveryId()).map(TaxAuthorityCallbacks.Plan::view).orElse(null));
            content.add(v);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("partner", TaxSandboxMessages.PARTNER);
        page.put("dossierCode", blank(dossier));
        page.put("content", content);
        return page;
    }

    /** Schema violations, then the tax authority's own rules; null when the form is valid. */
    private String invalid(Element form) {
        Validator validator = schema.newValidator();
        Node[] at = new Node[1];
        validator.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) {
                // not a violation
            }

            @Override
            public void error(org.xml.sax.SAXParseException e) throws SAXException {
                try {
                    at[0] = (Node) validator.getProperty("http://apache.org/xml/properties/dom/current-element-node");
                } catch (SAXException | ClassCastException unknown) {
                    at[0] = null;
                }
                throw e;
            }

            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                error(e);
            }
        });
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new DOMSource(form));
        } catch (SAXException e) {
            StringBuilder path = new StringBuilder();
            for (Node n = at[0]; n instanceof Element el && n != form; n = n.getParentNode()) {
                path.insert(0, path.length() == 0 ? el.getLocalName() : el.getLocalName() + "/");
            }
            return "the form does not match schemas/xsd/tax.xsd: " + (path.length() == 0 ? "" : path + ": ") + e.getMessage();
        } catch (java.io.IOException e) {
            return "the form cannot be read: " + e.getMessage();
        }
        try {
            Instant received = OffsetDateTime.parse(child(form, "receivedAt")).toInstant();
            if (received.isAfter(Instant.now().plusSeconds(300))) {
                return "receivedAt " + received + " lies in the future: a dossier must be received before its "
                        + "financial obligation is determined";
            }
        } catch (DateTimeParseException e) {
            return "receivedAt needs a time-zone offset: " + child(form, "receivedAt");
        }
        return null;
    }

    private static Element bodyElement(Document doc) {
        Element envelope = doc.getDocumentElement();
        if (envelope == null || !SOAP_NS.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            return null;
        }
        for (Node n = envelope.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SOAP_NS.equals(e.getNamespaceURI()) && "Body".equals(e.getLocalName())) {
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element first) {
                        return first;
                    }
                }
            }
        }
        return null;
    }

    /** The text of the first descendant with this local name in the contract's namespace, or null. */
    private static String child(Element form, String name) {
        var nodes = form.getElementsByTagNameNS(TaxAuthorityCallbacks.NS, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    /** The same delivery always gets the same ticket. */
    private static String ticket(String deliveryId) {
        return "TB-" + Secrets.sha256("tax:" + deliveryId).substring(0, 12).toUpperCase();
    }

    private static ResponseEntity<String> fault(HttpStatus status, String code, String reason, String message,
            String detailElement) {
        String detail = detailElement == null ? "" : "<detail><tax:" + detailElement + " xmlns:tax=\""
                + TaxAuthorityCallbacks.NS + "\"><tax:reason>" + escape(reason) + "</tax:reason><tax:message>"
                + escape(message) + "</tax:message></tax:" + detailElement + "></detail>";
        return ResponseEntity.status(status).contentType(XML).body(envelope("<soap:Fault><faultcode>soap:" + code
                + "</faultcode><faultstring>" + escape(reason + ": " + message) + "</faultstring>" + detail + "</soap:Fault>"));
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body>"
                + body + "</soap:Body></soap:Envelope>";
    }

    private static String escape(String s) {
        String v = s == null ? "" : s.length() > 2000 ? s.substring(0, 2000) : s;
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
