package vn.lienthong.hub.platform.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The only way the hub parses XML: DTDs and external entities refused, a size limit and an element-depth
 * limit. {@link #applyJvmDefaults(int)} also sets the JDK's and CXF's own limits for parsers created by
 * libraries (SOAP stacks, validators).
 */
public final class SecureXml {

    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    private static final String JDK_MAX_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private SecureXml() {
    }

    /** JVM-wide limits read by JAXP and Apache CXF's StAX reader; call before the first parser is created. */
    public static void applyJvmDefaults(int maxDepth) {
        setIfAbsent("jdk.xml.maxElementDepth", String.valueOf(maxDepth));
        setIfAbsent("jdk.xml.entityExpansionLimit", "2000");
        setIfAbsent("jdk.xml.totalEntitySizeLimit", "100000");
        setIfAbsent("jdk.xml.maxGeneralEntitySizeLimit", "10000");
        setIfAbsent("org.apache.cxf.stax.maxElementDepth", String.valueOf(maxDepth));
        setIfAbsent("org.apache.cxf.stax.maxChildElements", "10000");
        setIfAbsent("org.apache.cxf.stax.maxTextLength", String.valueOf(DEFAULT_MAX_BYTES));
        setIfAbsent("org.apache.cxf.stax.maxAttributeCount", "100");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static DocumentBuilderFactory documentBuilderFactory(int maxDepth) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute(JDK_MAX_DEPTH, maxDepth);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot harden the XML parser", e);
        }
    }

    public static XMLInputFactory xmlInputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    /**
     * Parses a document within the limits, or throws {@link RejectedXmlException} with a reason a client can be
     * shown (too large, DTD present, too deep, not well-formed).
     */
    public static Document parse(byte[] xml, int maxBytes, int maxDepth) {
        if (xml.length > maxBytes) {
            throw new RejectedXmlException("too-large", "XML of " + xml.length + " bytes exceeds the limit of " + maxBytes);
        }
        try (InputStream in = new ByteArrayInputStream(xml)) {
            DocumentBuilder builder = documentBuilderFactory(maxDepth).newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder.parse(in);
        } catch (SAXException e) {
            String msg = String.valueOf(e.getMessage());
            // match the parser's own message codes, never words that may be the document's element names
            if (msg.contains("disallow-doctype-decl")) {
                throw new RejectedXmlException("dtd-not-allowed", "DTDs (DOCTYPE) are not allowed");
            }
            if (msg.contains("JAXP00010006") || msg.contains("\"maxElementDepth\"")) {
                throw new RejectedXmlException("too-deep", "XML nesting exceeds the limit of " + maxDepth);
            }
            throw new RejectedXmlException("malformed-xml", "XML is not well-formed: " + msg);
        } catch (IOException | ParserConfigurationException e) {
            throw new RejectedXmlException("malformed-xml", "XML cannot be read: " + e.getMessage());
        }
    }

    /** XML refused by the hub's limits, with a short machine-readable reason. */
    public static final class RejectedXmlException extends RuntimeException {
        private final String reason;

        public RejectedXmlException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
