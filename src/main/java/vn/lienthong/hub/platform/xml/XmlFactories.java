package vn.lienthong.hub.platform.xml;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Names the XML factory implementations as system properties, before the first SOAP message. Without them, every
 * {@code XPathFactory.newInstance()} (WS-Security's coverage check, twice per signed message) and
 * {@code XMLEventFactory.newInstance()} (CXF's writer) looks for a provider through the service loader, across the
 * 359 nested jars of the Spring Boot jar and Tomcat's class loader: that search was the largest single cost of a
 * signed call to the national axis. The names are the ones the search finds anyway — the JDK's XPath, DOM, SAX and
 * XSLT, Woodstox's StAX — so behaviour does not change; a property already set (by an operator's
 * {@code -D}) is left alone.
 */
public class XmlFactories implements EnvironmentPostProcessor {

    static final Map<String, String> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("javax.xml.xpath.XPathFactory:http://java.sun.com/jaxp/xpath/dom",
                "com.sun.org.apache.xpath.internal.jaxp.XPathFactoryImpl");
        FACTORIES.put("javax.xml.parsers.DocumentBuilderFactory",
                "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        FACTORIES.put("javax.xml.parsers.SAXParserFactory", "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
        FACTORIES.put("javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        FACTORIES.put("javax.xml.stream.XMLInputFactory", "com.ctc.wstx.stax.WstxInputFactory");
        FACTORIES.put("javax.xml.stream.XMLOutputFactory", "com.ctc.wstx.stax.WstxOutputFactory");
        FACTORIES.put("javax.xml.stream.XMLEventFactory", "com.ctc.wstx.stax.WstxEventFactory");
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        pin();
    }

    /** Sets each factory's system property unless it is set already. */
    public static void pin() {
        FACTORIES.forEach((property, implementation) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, implementation);
            }
        });
    }
}
