package vn.lienthong.hub.post;

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

import vn.lienthong.hub.api.ContractValidator;

/**
 * Validates what the post sends and what the one-stop shop books against the component schemas of
 * {@code schemas/openapi/vnpost.yaml}, the one place where their shape is defined.
 */
@Component
class PostContract {

    private static final String SPEC = "classpath:schemas/openapi/vnpost.yaml";

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** Throws {@link ContractValidator.ContractViolation} (400 invalid-request) listing every violation. */
    void validate(String schemaName, JsonNode body) {
        JsonSchema schema = schemas.computeIfAbsent(schemaName,
                name -> factory.getSchema(SchemaLocation.of(SPEC + "#/components/schemas/" + name), config));
        Set<ValidationMessage> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw new ContractValidator.ContractViolation(errors.stream()
                    .map(m -> m.getInstanceLocation() + ": " + m.getMessage())
                    .sorted().limit(20).collect(Collectors.joining("; ")));
        }
    }
}
