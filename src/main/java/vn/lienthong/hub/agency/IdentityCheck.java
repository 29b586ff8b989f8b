package vn.lienthong.hub.agency;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The identity check at intake (đối chiếu thông tin công dân): asks the police, through the route
 * {@code police-identity-check} and the Kamelet {@code police-identity-action}, whether a citizen ID belongs to a
 * name and a date of birth. A police that cannot answer is {@link Unavailable}, never a "no match".
 */
@Component
public class IdentityCheck {

    static final String ROUTE = "direct:police-identity-check";
    private static final Logger log = LoggerFactory.getLogger(IdentityCheck.class);

    private final ProducerTemplate camel;
    private final ObjectMapper json;

    IdentityCheck(ProducerTemplate camel, ObjectMapper json) {
        this.camel = camel;
        this.json = json;
    }

    /** True when the police's register has this citizen ID with this name and date of birth. */
    public boolean matches(String idNumber, String fullName, LocalDate dateOfBirth) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("idNumber", idNumber);
        request.put("fullName", fullName);
        request.put("dateOfBirth", dateOfBirth == null ? null : dateOfBirth.toString());
        String answer;
        try {
            answer = camel.requestBody(ROUTE, json.writeValueAsString(request), String.class);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.warn("Identity check failed: the police did not answer ({}: {})", cause.getClass().getSimpleName(),
                    cause.getMessage());
            throw new Unavailable("the police's identity service did not answer: " + cause.getClass().getSimpleName(), e);
        }
        try {
            JsonNode match = json.readTree(answer).get("match");
            if (match == null || !match.isBoolean()) {
                throw new Unavailable("the police's identity service answered without a match flag", null);
            }
            return match.booleanValue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Unavailable("the police's identity service answered something that is not JSON", e);
        }
    }

    /** The police could not be asked, or gave no usable answer. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
