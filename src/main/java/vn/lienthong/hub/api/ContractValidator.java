package vn.lienthong.hub.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.stereotype.Component;

/**
 * Validates request bodies against the component schemas of {@code schemas/openapi/hub-api.yaml}: the contract
 * is the one place where the shape of a request is defined.
 */
@Component
public class ContractValidator {

    private static final String SPEC = "classpath:schemas/openapi/hub-api.yaml";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** Throws {@link ContractViolation} listing every violation (JSON pointer and message). */
    public void validate(String schemaName, JsonNode body) {
        JsonSchema schema = schemas.computeIfAbsent(schemaName,
                name -> factory.getSchema(SchemaLocation.of(SPEC + "#/components/schemas/" + name), config));
        Set<ValidationMessage> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw new ContractViolation(errors.stream()
                    .map(m -> m.getInstanceLocation() + ": " + m.getMessage())
                    .sorted().limit(20).collect(Collectors.joining("; ")));
        }
    }

    /** A request that does not match the OpenAPI contract. */
    public static class ContractViolation extends RuntimeException {
        public ContractViolation(String message) {
            super(message);
        }
    }
}
