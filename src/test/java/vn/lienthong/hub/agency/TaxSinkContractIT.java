package vn.lienthong.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import vn.lienthong.hub.HubIntegrationTest;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierStatus;
import vn.lienthong.hub.dossier.DossierView;

/**
 * Contract test of the Kamelet {@code tax-sink}: a FINANCIAL_OBLIGATION delivery sent through it as the delivery
 * routes send it (docs/PARTNERS.md) reaches the sandbox tax authority over real SOAP, and the XML the tax authority
 * received validates against schemas/xsd/tax.xsd. Its answers map as the contract says: accepted → returns; down,
 * failing, unreachable → an ordinary exception (retried); an invalid form → PermanentDeliveryFailure. The simulator
 * then calls the hub back over SOAP: the land dossier waits for payment, then goes on.
 */
class TaxSinkContractIT extends HubIntegrationTest {

    private static final String NS = "urn:lienthong:tax:v1";
    private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    @Autowired
    ProducerTemplate camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    DossierService dossiers;

    @AfterEach
    void resetTaxAuthority() {
        assertThat(behaviour(Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aFormReachesTheTaxAuthorityAsTheSchemaSaysAndTheNoticeAndPaymentComeBack() throws Exception {
        String code = landDossier();
        String deliveryId = "dlv-tax-contract-" + UUID.randomUUID();

        Exchange sent = send(deliveryId, code, request(code, Instant.now().minus(1, ChronoUnit.HOURS)));

        assertThat(sent.getException()).isNull();
        JsonNode ack = json.readTree(sent.getMessage().getBody(String.class));
        assertThat(ack.path("accepted").asBoolean()).isTrue();
        assertThat(ack.path("ticket").asText()).startsWith("TB-");
        // the calling route keeps its own headers; nothing of the call lingers on the message
        assertThat(sent.getMessage().getHeader("HubDeliveryId")).isEqualTo(deliveryId);
        assertThat(sent.getMessage().getHeader("HubKind")).isEqualTo("FINANCIAL_OBLIGATION");
        assertThat(sent.getMessage().getHeaders().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));

        JsonNode received = single(received(code, deliveryId));
        assertThat(received.path("kind").asText()).isEqualTo("FINANCIAL_OBLIGATION");
        assertThat(received.path("duplicate").asBoolean()).isFalse();
        Element form = validAgainstTheSchema(received.path("payload").asText());
        assertThat(form.getLocalName()).isEqualTo("SubmitLandObligationForm");
        assertThat(text(form, "dossierCode")).isEqualTo(code);
        assertThat(text(form, "deliveryId")).isEqualTo(deliveryId);
        assertThat(text(form, "receivedAt")).endsWith("+07:00");
        assertThat(text(form, "fullName")).isEqualTo("Trần Văn Bình");
        assertThat(text(form, "areaM2")).isEqualTo("84.5");

        // the same delivery again: acknowledged with the same ticket, recorded as a duplicate, processed once
        Exchange again = send(deliveryId, code, request(code, Instant.now().minus(1, ChronoUnit.HOURS)));
        assertThat(again.getException()).isNull();
        assertThat(json.readTree(again.getMessage().getBody(String.class)).path("ticket").asText())
                .isEqualTo(ack.path("ticket").asText());
        List<JsonNode> both = received(code, deliveryId);
        assertThat(both).hasSize(2);
        assertThat(both.get(1).path("duplicate").asBoolean()).isTrue();

        // the tax authority calls back over SOAP: the notice, then (the citizen paid) the payment. The hub's own
        // inter-agency flow sends its form for this dossier too, so either form's notice may be the one applied.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            DossierView d = dossiers.get(code);
            assertThat(d.history()).anySatisfy(h -> {
                assertThat(h.eventId()).startsWith("tax-notice:TB-");
                assertThat(h.type()).isEqualTo("REQUEST_PAYMENT");
                assertThat(h.client()).isEqualTo("tax");
            });
            assertThat(d.history()).anySatisfy(h -> {
                assertThat(h.eventId()).startsWith("tax-payment:TB-");
                assertThat(h.type()).isEqualTo("PAYMENT_RECEIVED");
            });
            assertThat(d.status()).isEqualTo(DossierStatus.IN_PROGRESS);
            assertThat(d.pausedSince()).isNull();
            // this form's callback was made and answered (applied, or refused when the other one came first)
            assertThat(received(code, deliveryId).get(0).path("callback").path("notice").path("state").asText())
                    .isIn("ACCEPTED", "REFUSED");
        });
    }

    @Test
    void failuresMapToRetryOrPermanentAsTheContractSays() {
        String code = landDossier();
        Instant received = Instant.now().minus(1, ChronoUnit.HOURS);

        behaviour(Map.of("down", true, "latencyMs", 0));
        Exception down = send("dlv-tax-down-" + UUID.randomUUID(), code, request(code, received)).getException();
        assertThat(down).isNotNull();
        assertThat(permanent(down)).as("down is retried: %s", down).isNull();

        behaviour(Map.of("failureRate", 1.0, "latencyMs", 0));
        Exception failing = send("dlv-tax-fail-" + UUID.randomUUID(), code, request(code, received)).getException();
        assertThat(failing).isNotNull();
        assertThat(permanent(failing)).as("a server failure is retried: %s", failing).isNull();

        behaviour(Map.of("latencyMs", 0));
        // the tax authority's own rule: the dossier cannot have been received in the future
        String futureId = "dlv-tax-future-" + UUID.randomUUID();
        Exception invalid = send(futureId, code, request(code, Instant.now().plus(2, ChronoUnit.DAYS))).getException();
        assertThat(permanent(invalid)).as("an invalid form is permanent: %s", invalid).isNotNull();
        assertThat(permanent(invalid).getMessage()).contains("invalid-form").contains("future");

        // a request that makes no valid form is not even sent
        Map<String, Object> badId = request(code, received);
        @SuppressWarnings("unchecked")
        Map<String, Object> badUser = (Map<String, Object>) badId.get("landUser");
        badUser.put("idNumber", "12345");
        String badId1 = "dlv-tax-badid-" + UUID.randomUUID();
        Exception notSent = send(badId1, code, badId).getException();
        assertThat(permanent(notSent)).as("%s", notSent).isNotNull();
        assertThat(permanent(notSent).getMessage()).contains("landUser/idNumber");
        assertThat(received(code, badId1)).isEmpty();

        Exception otherKind = camel.send("kamelet:tax-sink", e -> {
            e.getIn().setBody(json.valueToTree(request(code, received)).toString());
            e.getIn().setHeader("HubDeliveryId", "dlv-tax-kind-" + UUID.randomUUID());
            e.getIn().setHeader("HubKind", "RESIDENCE_REGISTRATION");
        }).getException();
        assertThat(permanent(otherKind)).isNotNull();

        // the hub's key is wrong: the tax authority refuses it (HTTP 401), and sending it again would not help
        Exception wrongKey = camel.send("kamelet:tax-sink?apiKey=not-the-hub-key-at-tax", e -> {
            e.getIn().setBody(json.valueToTree(request(code, received)).toString());
            e.getIn().setHeader("HubDeliveryId", "dlv-tax-key-" + UUID.randomUUID());
            e.getIn().setHeader("HubKind", "FINANCIAL_OBLIGATION");
        }).getException();
        assertThat(permanent(wrongKey)).as("%s", wrongKey).isNotNull();
        assertThat(permanent(wrongKey).getMessage()).contains("HTTP 401");

        // nobody listens there: an ordinary exception
        Exception refused = camel.send("kamelet:tax-sink?url=http://127.0.0.1:1/services/land-obligation", e -> {
            e.getIn().setBody(json.valueToTree(request(code, received)).toString());
            e.getIn().setHeader("HubDeliveryId", "dlv-tax-refused-" + UUID.randomUUID());
            e.getIn().setHeader("HubKind", "FINANCIAL_OBLIGATION");
        }).getException();
        assertThat(refused).isNotNull();
        assertThat(permanent(refused)).as("%s", refused).isNull();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    Exchange send(String deliveryId, String code, Map<String, Object> request) {
        return camel.send("kamelet:tax-sink", e -> {
            e.getIn().setBody(json.valueToTree(request).toString());
            e.getIn().setHeader("HubDeliveryId", deliveryId);
            e.getIn().setHeader("HubPartner", "tax");
            e.getIn().setHeader("HubKind", "FINANCIAL_OBLIGATION");
            e.getIn().setHeader("HubDossierCode", code);
        });
    }

    /** The JSON request of a FINANCIAL_OBLIGATION delivery (docs/PARTNERS.md) for a land dossier. */
    static Map<String, Object> request(String code, Instant receivedAt) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("fullName", "Trần Văn Bình");
        user.put("idNumber", "038085001122");
        user.put("phone", "0987654321");
        user.put("address", "5 Trần Phú, Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> parcel = new LinkedHashMap<>();
        parcel.put("address", "Thửa 112, tờ bản đồ 7, Phường Đông Sơn, Thanh Hóa");
        parcel.put("mapSheetNumber", "7");
        parcel.put("parcelNumber", "112");
        parcel.put("areaM2", 84.5);
        parcel.put("landUseType", "ODT");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dossierCode", code);
        r.put("parentCode", null);
        r.put("receivedAt", receivedAt.toString());
        r.put("procedureCode", TaxSoapIT.LAND_PROCEDURE);
        r.put("procedureName", "Đăng ký biến động quyền sử dụng đất (chuyển nhượng)");
        r.put("landUser", user);
        r.put("parcel", parcel);
        return r;
    }

    /** A land dossier, as the one-stop shop registers it (the hub's inter-agency flow then starts it). */
    String landDossier() {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("fullName", "Trần Văn Bình");
        applicant.put("idNumber", "038085001122");
        applicant.put("address", "5 Trần Phú, Phường Hạc Thành, Thanh Hóa");
        Map<String, Object> body = new HashMap<>();
        body.put("procedureCode", TaxSoapIT.LAND_PROCEDURE);
        body.put("applicant", applicant);
        body.put("channel", "DIRECT");
        body.put("returnMethod", "COUNTER");
        ResponseEntity<JsonNode> res = onestop().post().uri("/api/v1/dossiers").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).as(String.valueOf(res.getBody())).isEqualTo(201);
        String code = res.getBody().path("code").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> dossiers.get(code).status() == DossierStatus.IN_PROGRESS);
        return code;
    }

    ResponseEntity<JsonNode> behaviour(Map<String, Object> behaviour) {
        return asOperator("admin").put().uri("/sandbox/tax/behaviour").contentType(MediaType.APPLICATION_JSON)
                .body(behaviour).retrieve().toEntity(JsonNode.class);
    }

    List<JsonNode> received(String code, String deliveryId) {
        ResponseEntity<JsonNode> res = asOperator("viewer").get()
                .uri("/sandbox/tax/messages?dossier={code}", code).retrieve().toEntity(JsonNode.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        res.getBody().path("content").forEach(m -> {
            if (deliveryId.equals(m.path("deliveryId").asText())) {
                out.add(m);
            }
        });
        return out;
    }

    static JsonNode single(List<JsonNode> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** The SOAP body's request, validated against schemas/xsd/tax.xsd (JDK parser and validator, no DTD). */
    static Element validAgainstTheSchema(String envelope) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(SOAP_NS);
        assertThat(root.getLocalName()).isEqualTo("Envelope");
        Element body = (Element) root.getElementsByTagNameNS(SOAP_NS, "Body").item(0);
        Element request = null;
        for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                request = e;
                break;
            }
        }
        assertThat(request).isNotNull();
        assertThat(request.getNamespaceURI()).isEqualTo(NS);
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        URL xsd = TaxSinkContractIT.class.getClassLoader().getResource("schemas/xsd/tax.xsd");
        Schema schema = sf.newSchema(xsd);
        schema.newValidator().validate(new DOMSource(request)); // throws on any violation
        return request;
    }

    static String text(Element form, String name) {
        Node n = form.getElementsByTagNameNS(NS, name).item(0);
        return n == null ? null : n.getTextContent();
    }

    static PermanentDeliveryFailure permanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PermanentDeliveryFailure p) {
                return p;
            }
        }
        return null;
    }
}
