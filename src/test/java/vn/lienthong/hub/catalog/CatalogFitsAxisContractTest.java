package vn.lienthong.hub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the catalog takes, the national axis's contract (schemas/xsd/axis.xsd) carries. Until 2026-12-06 the
 * contract's procedure name was at most 500 characters while the catalog took 2,000 and held a real procedure of
 * 569 (1.013831): every SyncDossier of its dossiers was refused by the axis and parked.
 */
class CatalogFitsAxisContractTest {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    @Test
    void theAxisCarriesTheLongestNamesTheCatalogTakes() throws Exception {
        Document xsd = xsd();
        assertThat(maxLength(xsd, "Dossier", "procedureName")).isGreaterThanOrEqualTo(CatalogRules.PROCEDURE_NAME_MAX);
        assertThat(maxLength(xsd, "Dossier", "agencyName")).isGreaterThanOrEqualTo(CatalogRules.AGENCY_NAME_MAX);
    }

    @Test
    void everyProcedureOfTheShippedCatalogFitsTheCatalogRules() throws Exception {
        JsonNode all = new ObjectMapper().readTree(Path.of("src/main/resources/catalog/procedures.json").toFile());
        JsonNode list = all.isArray() ? all : all.path("procedures");
        assertThat(list.size()).isGreaterThan(50);
        int longest = 0;
        for (JsonNode p : list) {
            longest = Math.max(longest, p.path("name").asText().length());
        }
        assertThat(longest).as("the longest name in the catalog").isGreaterThan(500)
                .isLessThanOrEqualTo(CatalogRules.PROCEDURE_NAME_MAX);
    }

    private static Document xsd() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(Path.of("schemas/xsd/axis.xsd").toFile());
    }

    /** The maxLength of the simple type of one element of a complex type. */
    private static int maxLength(Document xsd, String complexType, String element) {
        Element type = named(xsd, "complexType", complexType);
        NodeList elements = type.getElementsByTagNameNS(XS, "element");
        String simpleType = null;
        for (int i = 0; i < elements.getLength(); i++) {
            Element e = (Element) elements.item(i);
            if (e.getAttribute("name").equals(element)) {
                simpleType = e.getAttribute("type").replaceFirst("^axis:", "");
            }
        }
        assertThat(simpleType).as("%s/%s in axis.xsd", complexType, element).isNotNull();
        Element restriction = (Element) named(xsd, "simpleType", simpleType).getElementsByTagNameNS(XS, "maxLength").item(0);
        assertThat(restriction).as("maxLength of %s", simpleType).isNotNull();
        return Integer.parseInt(restriction.getAttribute("value"));
    }

    private static Element named(Document xsd, String kind, String name) {
        NodeList all = xsd.getElementsByTagNameNS(XS, kind);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in axis.xsd");
    }
}
