package vn.lienthong.hub.platform.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;

import vn.lienthong.hub.platform.xml.SecureXml.RejectedXmlException;

/** The hub's only XML parser refuses what could read files, exhaust memory or the stack. */
class SecureXmlTest {

    private static final int MAX_BYTES = SecureXml.DEFAULT_MAX_BYTES;
    private static final int MAX_DEPTH = SecureXml.DEFAULT_MAX_DEPTH;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RejectedXmlException rejected(String xml, int maxBytes, int maxDepth) {
        Throwable[] thrown = new Throwable[1];
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                SecureXml.parse(utf8(xml), maxBytes, maxDepth);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        assertThat(thrown[0]).as("the document is refused").isInstanceOf(RejectedXmlException.class);
        return (RejectedXmlException) thrown[0];
    }

    private static String nested(int depth) {
        return "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
    }

    @Test
    void externalEntityIsRefusedAndNeverRead() throws IOException {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <foo>&xxe;</foo>""";
        RejectedXmlException e = rejected(xml, MAX_BYTES, MAX_DEPTH);
        assertThat(e.reason()).isEqualTo("dtd-not-allowed");
        Path passwd = Path.of("/etc/passwd");
        if (Files.isReadable(passwd)) {
            String firstLine = Files.readAllLines(passwd).stream().filter(l -> !l.isBlank()).findFirst().orElse("root:x:0:0");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(firstLine).doesNotContain("root:x:");
            }
        }
    }

    @Test
    void externalParameterEntityIsRefused() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [ <!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote; ]>
                <foo/>""";
        assertThat(rejected(xml, MAX_BYTES, MAX_DEPTH).reason()).isEqualTo("dtd-not-allowed");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        xml.append("]>\n<lolz>&lol9;</lolz>");
        assertThat(rejected(xml.toString(), MAX_BYTES, MAX_DEPTH).reason()).isEqualTo("dtd-not-allowed");
    }

    @Test
    void deepNestingIsRefused() {
        assertThat(rejected(nested(200), MAX_BYTES, 64).reason()).isEqualTo("too-deep");
        assertThat(rejected(nested(65), MAX_BYTES, 64).reason()).isEqualTo("too-deep");
        assertThat(SecureXml.parse(utf8(nested(64)), MAX_BYTES, 64).getDocumentElement().getTagName()).isEqualTo("a");
    }

    @Test
    void oversizedDocumentIsRefusedBeforeParsing() {
        String xml = "<a>" + "x".repeat(200) + "</a>";
        RejectedXmlException e = rejected(xml, 100, MAX_DEPTH);
        assertThat(e.reason()).isEqualTo("too-large");
        assertThat(SecureXml.parse(utf8(xml), xml.length(), MAX_DEPTH)).isNotNull();
    }

    @Test
    void malformedDocumentIsRefused() {
        assertThat(rejected("<a><b></a>", MAX_BYTES, MAX_DEPTH).reason()).isEqualTo("malformed-xml");
        assertThat(rejected("not xml at all", MAX_BYTES, MAX_DEPTH).reason()).isEqualTo("malformed-xml");
        assertThat(rejected("", MAX_BYTES, MAX_DEPTH).reason()).isEqualTo("malformed-xml");
    }

    @Test
    void normalDocumentParses() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <hs:hoSo xmlns:hs="urn:lienthong:hoso" ma="000.00.01.H01-260101-0001">
                  <hs:nguoiNop>Nguyễn Văn A</hs:nguoiNop>
                  <hs:ghiChu>a &amp; b &lt; c</hs:ghiChu>
                </hs:hoSo>""";
        Document doc = SecureXml.parse(utf8(xml), MAX_BYTES, MAX_DEPTH);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("hoSo");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("urn:lienthong:hoso");
        assertThat(doc.getDocumentElement().getAttribute("ma")).isEqualTo("000.00.01.H01-260101-0001");
        assertThat(doc.getElementsByTagNameNS("urn:lienthong:hoso", "nguoiNop").item(0).getTextContent())
                .isEqualTo("Nguyễn Văn A");
        assertThat(doc.getElementsByTagNameNS("urn:lienthong:hoso", "ghiChu").item(0).getTextContent())
                .isEqualTo("a & b < c");
    }

    /** Parsers that libraries create with the JDK's defaults get the depth limit through the system property. */
    @Test
    void jvmDefaultsLimitTheDepthOfTheJdkParser() throws Exception {
        SecureXml.applyJvmDefaults(MAX_DEPTH);
        int limit = Integer.parseInt(System.getProperty("jdk.xml.maxElementDepth"));
        assertThat(limit).isPositive();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        assertThat(builder.parse(new ByteArrayInputStream(utf8(nested(limit)))).getDocumentElement()).isNotNull();
        assertThatThrownBy(() -> builder.parse(new ByteArrayInputStream(utf8(nested(limit + 1)))))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("maxElementDepth");
    }
}
