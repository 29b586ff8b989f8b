package vn.lienthong.hub.agency;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.GregorianCalendar;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import vn.lienthong.hub.contract.tax.LandUser;
import vn.lienthong.hub.contract.tax.Parcel;
import vn.lienthong.hub.contract.tax.SubmitLandObligationForm;
import vn.lienthong.hub.contract.tax.SubmitLandObligationFormResponse;
import vn.lienthong.hub.delivery.PermanentDeliveryFailure;

/**
 * The mẫu 15 form of connectors/tax-sink (a Kamelet-local bean): turns the JSON request of docs/PARTNERS.md
 * (kind {@code FINANCIAL_OBLIGATION}) into {@code SubmitLandObligationForm}, checks it against schemas/xsd/tax.xsd
 * before anything is sent, and turns the tax authority's acknowledgement into JSON. A request that cannot make a
 * valid form is a {@link PermanentDeliveryFailure}: sending it again would not make it valid.
 */
public class TaxLandObligationForms {

    static final String KIND = "FINANCIAL_OBLIGATION";
    static final String OPERATION = "SubmitLandObligationForm";
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Contract CONTRACT = new Contract();

    /** JSON request (body) + Hub* headers → the SOAP request object, with the operation to call. */
    public void toRequest(Exchange exchange) {
        Message in = exchange.getIn();
        String kind = in.getHeader("HubKind", String.class);
        if (kind != null && !KIND.equals(kind)) {
            throw new PermanentDeliveryFailure("tax-sink: the tax authority takes only " + KIND
                    + " deliveries (mẫu 15), not '" + kind + "'");
        }
        String deliveryId = in.getHeader("HubDeliveryId", String.class);
        if (deliveryId == null || deliveryId.isBlank()) {
            throw new PermanentDeliveryFailure("tax-sink: the delivery has no HubDeliveryId");
        }
        JsonNode request;
        try {
            request = JSON.readTree(in.getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentDeliveryFailure("tax-sink: the request is not JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new PermanentDeliveryFailure("tax-sink: the request is not a JSON object");
        }
        SubmitLandObligationForm form = new SubmitLandObligationForm();
        form.setDossierCode(text(request, "dossierCode", in.getHeader("HubDossierCode", String.class)));
        form.setParentCode(text(request, "parentCode", in.getHeader("HubParentCode", String.class)));
        form.setDeliveryId(deliveryId);
        form.setReceivedAt(dateTime(text(request, "receivedAt", null)));
        form.setProcedureCode(text(request, "procedureCode", null));
        form.setProcedureName(text(request, "procedureName", null));
        JsonNode user = request.path("landUser");
        if (user.isObject()) {
            LandUser u = new LandUser();
            u.setFullName(text(user, "fullName", null));
            u.setIdNumber(text(user, "idNumber", null));
            u.setAddress(text(user, "address", null));
            u.setPhone(text(user, "phone", null));
            form.setLandUser(u);
        }
        JsonNode parcel = request.path("parcel");
        if (parcel.isObject()) {
            Parcel p = new Parcel();
            p.setAddress(text(parcel, "address", null));
            p.setMapSheetNumber(text(parcel, "mapSheetNumber", null));
            p.setParcelNumber(text(parcel, "parcelNumber", null));
            p.setLandUseType(text(parcel, "landUseType", null));
            p.setCertificateNumber(text(parcel, "certificateNumber", null));
            JsonNode area = parcel.get("areaM2");
            if (area != null && area.isNumber()) {
                p.setAreaM2(area.decimalValue());
            } else if (area != null && area.isTextual() && !area.asText().isBlank()) {
                try {
                    p.setAreaM2(new BigDecimal(area.asText().trim()));
                } catch (NumberFormatException e) {
                    throw new PermanentDeliveryFailure("tax-sink: parcel.areaM2 is not a number: " + area.asText());
                }
            }
            form.setParcel(p);
        }
        CONTRACT.check(form);
        in.setBody(form);
        in.setHeader("operationName", OPERATION);
        in.setHeader("operationNamespace", TaxFaults.NS);
    }

    /** The tax authority's answer → {@code {"accepted":true,"ticket":"…"}}; an answer that refuses is permanent. */
    public void acknowledgement(Exchange exchange) {
        Message in = exchange.getIn();
        Object body = in.getBody();
        if (body instanceof List<?> list && !list.isEmpty()) {
            body = list.get(0);
        }
        if (!(body instanceof SubmitLandObligationFormResponse ack)) {
            throw new IllegalStateException("tax-sink: unexpected answer " + (body == null ? "null" : body.getClass().getName()));
        }
        if (!ack.isAccepted()) {
            throw new PermanentDeliveryFailure("tax-sink: the tax authority did not accept the form (ticket "
                    + ack.getTicket() + ")");
        }
        in.removeHeaders("operationName|operationNamespace");
        in.setBody(JSON.createObjectNode().put("accepted", true).put("ticket", ack.getTicket()).toString());
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback == null || fallback.isBlank() ? null : fallback;
        }
        if (v.isContainerNode()) {
            throw new PermanentDeliveryFailure("tax-sink: " + field + " must be a value, not " + v.getNodeType());
        }
        String s = v.asText();
        return s.isBlank() ? null : s.strip();
    }

    /** An ISO-8601 moment → xs:dateTime in Vietnamese local time (+07:00), as the tax authority reads it. */
    private static XMLGregorianCalendar dateTime(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(iso);
            return CONTRACT.datatypes.newXMLGregorianCalendar(GregorianCalendar.from(t.atZoneSameInstant(VIETNAM)));
        } catch (DateTimeParseException e) {
            throw new PermanentDeliveryFailure("tax-sink: receivedAt is not an ISO-8601 date-time: " + iso);
        }
    }

    /** schemas/xsd/tax.xsd and the JAXB context of the generated classes, loaded once. */
    private static final class Contract {
        final DatatypeFactory datatypes;
        private final JAXBContext jaxb;
        private final Schema schema;

        Contract() {
            try {
                datatypes = DatatypeFactory.newInstance();
                jaxb = JAXBContext.newInstance(SubmitLandObligationForm.class);
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                URL xsd = TaxLandObligationForms.class.getClassLoader().getResource("schemas/xsd/tax.xsd");
                if (xsd == null) {
                    throw new IllegalStateException("schemas/xsd/tax.xsd is not on the classpath");
                }
                schema = factory.newSchema(xsd);
            } catch (DatatypeConfigurationException | JAXBException | SAXException e) {
                throw new IllegalStateException("cannot load the tax contract", e);
            }
        }

        /** Writes the form and validates it against the schema; the first violation, with where it is, is the reason. */
        void check(SubmitLandObligationForm form) {
            DOMResult written = new DOMResult();
            try {
                jaxb.createMarshaller().marshal(form, written);
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot write the mẫu 15 form", e);
            }
            Validator validator = schema.newValidator();
            Node[] at = new Node[1];
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not a violation
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    at[0] = current(validator);
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    error(e);
                }
            });
            try {
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                validator.validate(new DOMSource(written.getNode()));
            } catch (SAXException e) {
                throw new PermanentDeliveryFailure("tax-sink: the request does not make a valid mẫu 15 form "
                        + "(schemas/xsd/tax.xsd): " + path(at[0]) + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalStateException("cannot validate the mẫu 15 form", e);
            }
        }

        private static Node current(Validator validator) {
            try {
                return (Node) validator.getProperty("http://apache.org/xml/properties/dom/current-element-node");
            } catch (SAXException | ClassCastException e) {
                return null;
            }
        }

        /** "landUser/idNumber: " for the element a violation is about. */
        private static String path(Node node) {
            StringBuilder path = new StringBuilder();
            for (Node n = node; n instanceof Element e && n.getParentNode() instanceof Element; n = n.getParentNode()) {
                path.insert(0, path.length() == 0 ? e.getLocalName() : e.getLocalName() + "/");
            }
            return path.length() == 0 ? "" : path + ": ";
        }
    }
}
