package vn.lienthong.hub.api;

import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import vn.lienthong.hub.platform.web.Texts;

/**
 * Every JSON body the hub's controllers read ({@code @RequestBody}) is text the hub can store and compare: a NUL
 * or an unpaired surrogate anywhere is refused (400 invalid-request, naming where), and all text is put in Unicode
 * NFC before the controller validates it against its contract — so a Vietnamese name typed in NFD is the same name,
 * with the same length, the same idempotency hash and the same stored form as in NFC.
 */
@ControllerAdvice(basePackages = "vn.lienthong.hub")
class TextBodyAdvice extends RequestBodyAdviceAdapter {

    private final ObjectMapper json;

    TextBodyAdvice(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        Class<?> type = parameter.getParameterType();
        return JsonNode.class.isAssignableFrom(type)
                || (type.getPackageName().startsWith("vn.lienthong.hub") && !type.isPrimitive());
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof JsonNode node) {
            return checked(node);
        }
        if (body == null) {
            return null;
        }
        // a typed body (a record of the hub): the same rules, through its JSON form
        JsonNode tree = json.valueToTree(body);
        check(tree);
        JsonNode normalized = Texts.nfc(tree);
        if (normalized == tree) {
            return body;
        }
        try {
            return json.treeToValue(normalized, body.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot normalize the body", e);
        }
    }

    /** The body refused if it holds a NUL or an unpaired surrogate, else its text in NFC (also for {@link JsonBody}). */
    static JsonNode checked(JsonNode body) {
        check(body);
        return Texts.nfc(body);
    }

    private static void check(JsonNode node) {
        Texts.problem(node).ifPresent(p -> {
            throw new ContractValidator.ContractViolation(p);
        });
    }
}
