package vn.lienthong.hub.console;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Hides an applicant's personal data (names, citizen id numbers, phones, e-mail, addresses, dates of birth) in a
 * payload shown to someone who may only look (VIEWER). JSON is masked field by field; anything else (SOAP/XML, a
 * broken body) by pattern. Enough is kept to tell two records apart: initials, the last three digits.
 */
final class PersonalDataMask {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELDS = "fullName|idNumber|phone|email|address|dateOfBirth|"
            + "toName|fromName|toPhone|fromPhone|toAddress|fromAddress|pickupAddress";
    private static final Pattern JSON_FIELD = Pattern.compile(
            "\"(" + FIELDS + ")\"(\\s*:\\s*)\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern XML_ELEMENT = Pattern.compile(
            "<((?:[\\w.-]+:)?(" + FIELDS + "))(\\s[^>]*)?>([^<]*)</\\1>", Pattern.CASE_INSENSITIVE);

    private PersonalDataMask() {
    }

    /** The payload for display: pretty JSON when it is JSON, masked when {@code mask}. */
    static String display(String payload, boolean mask) {
        if (payload == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node != null && (node.isObject() || node.isArray())) {
                if (mask) {
                    node = mask(node.deepCopy(), null);
                }
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            }
        } catch (Exception notJson) {
            // XML or text: by pattern below
        }
        return mask ? maskText(payload) : payload;
    }

    static JsonNode mask(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = isPersonal(e.getKey()) ? e.getKey() : field;
                e.setValue(mask(e.getValue(), key));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, mask(a.get(i), field));
            }
            return a;
        }
        if (field != null && (node.isTextual() || node.isNumber())) {
            return TextNode.valueOf(maskValue(field, node.asText()));
        }
        return node;
    }

    static boolean isPersonal(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return k.endsWith("fullname") || k.endsWith("idnumber") || k.endsWith("phone") || k.endsWith("email")
                || k.endsWith("address") || k.equals("dateofbirth") || k.equals("birthdate")
                || k.equals("toname") || k.equals("fromname");
    }

    static String maskText(String text) {
        Matcher m = JSON_FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    "\"" + m.group(1) + "\"" + m.group(2) + "\"" + maskValue(m.group(1), m.group(3)) + "\""));
        }
        m.appendTail(out);
        Matcher x = XML_ELEMENT.matcher(out.toString());
        StringBuilder xml = new StringBuilder();
        while (x.find()) {
            String attrs = x.group(3) == null ? "" : x.group(3);
            x.appendReplacement(xml, Matcher.quoteReplacement(
                    "<" + x.group(1) + attrs + ">" + maskValue(x.group(2), x.group(4)) + "</" + x.group(1) + ">"));
        }
        x.appendTail(xml);
        return xml.toString();
    }

    /** Nguyễn Văn An → N*** V*** A***; 038090001234 → *********234; an address or a date → ***. */
    static String maskValue(String field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String k = field.toLowerCase(Locale.ROOT);
        if (k.endsWith("idnumber") || k.endsWith("phone")) {
            String digits = value.trim();
            int keep = Math.min(3, Math.max(0, digits.length() - 3));
            return "*".repeat(digits.length() - keep) + digits.substring(digits.length() - keep);
        }
        if (k.endsWith("name")) {
            StringBuilder b = new StringBuilder();
            for (String word : value.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    b.append(b.length() == 0 ? "" : " ").appendCodePoint(word.codePointAt(0)).append("***");
                }
            }
            return b.toString();
        }
        if (k.endsWith("email")) {
            int at = value.indexOf('@');
            return at > 0 ? value.charAt(0) + "***@***" : "***";
        }
        return "***";
    }
}
