package vn.lienthong.hub.platform.web;

import java.text.Normalizer;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Rules for the text the hub takes in, whatever the channel: Vietnamese typed in NFD (base letters and combining
 * marks) is the same text as in NFC, so everything is kept in NFC — compared, hashed, counted against length limits
 * and stored the same way; and a text must be storable text: no NUL (PostgreSQL cannot store it) and no unpaired
 * UTF-16 surrogate (it has no UTF-8 form; the driver would silently store a '?').
 */
public final class Texts {

    private Texts() {
    }

    /** The text in Unicode NFC (null stays null). */
    public static String nfc(String s) {
        return s == null || Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** Why a text cannot be stored, or empty when it can. */
    public static Optional<String> problem(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return Optional.of("contains a NUL character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("contains an unpaired UTF-16 surrogate (not text)");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("contains an unpaired UTF-16 surrogate (not text)");
            }
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} naming {@code field} when the text cannot be stored. */
    public static String requireStorable(String field, String s) {
        problem(s).ifPresent(p -> {
            throw new IllegalArgumentException(field + ": " + p);
        });
        return s;
    }

    /**
     * The JSON pointer and the problem of the first text (value or field name) in {@code node} that cannot be
     * stored, or empty when all can.
     */
    public static Optional<String> problem(JsonNode node) {
        return problem(node, "");
    }

    private static Optional<String> problem(JsonNode node, String pointer) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return problem(node.textValue()).map(p -> (pointer.isEmpty() ? "/" : pointer) + ": " + p);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = pointer + "/" + e.getKey();
                Optional<String> key = problem(e.getKey()).map(p -> at + " (the field name): " + p);
                if (key.isPresent()) {
                    return key;
                }
                Optional<String> value = problem(e.getValue(), at);
                if (value.isPresent()) {
                    return value;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> value = problem(node.get(i), pointer + "/" + i);
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code node} with every text (values and field names) in NFC; the same instance when nothing changes. */
    public static JsonNode nfc(JsonNode node) {
        if (node == null || !needsNfc(node)) {
            return node;
        }
        return copyNfc(node);
    }

    private static boolean needsNfc(JsonNode node) {
        if (node.isTextual()) {
            return !Normalizer.isNormalized(node.textValue(), Normalizer.Form.NFC);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!Normalizer.isNormalized(e.getKey(), Normalizer.Form.NFC) || needsNfc(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (needsNfc(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode copyNfc(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(nfc(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(nfc(e.getKey()), copyNfc(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(n -> out.add(copyNfc(n)));
            return out;
        }
        return node;
    }
}
