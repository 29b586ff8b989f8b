package vn.lienthong.hub.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.agency.IdentityCheck;
import vn.lienthong.hub.platform.web.Problems;

/**
 * The identity check for the counters: {@code POST /api/v1/identity/checks} {idNumber, fullName, dateOfBirth} →
 * {match}. The body is the police's {@code IdentityCheckRequest} (schemas/openapi/police.yaml), validated before
 * the police is asked.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class IdentityController {

    private static final String SCHEMA = "classpath:schemas/openapi/police.yaml#/components/schemas/IdentityCheckRequest";

    private final IdentityCheck identity;
    private final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SCHEMA), SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    IdentityController(IdentityCheck identity) {
        this.identity = identity;
    }

    @PostMapping(path = "/identity/checks", consumes = MediaType.APPLICATION_JSON_VALUE)
    // the counters only: a lookup in the police's population register about a citizen at intake, not a tool for
    // operators (the connector's health is on the console)
    @PreAuthorize("hasAuthority('CLIENT_onestop')")
    Map<String, Boolean> check(@RequestBody JsonNode body) {
        Set<ValidationMessage> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw new ContractValidator.ContractViolation(errors.stream()
                    .map(m -> m.getInstanceLocation() + ": " + m.getMessage())
                    .sorted().limit(20).collect(Collectors.joining("; ")));
        }
        LocalDate dateOfBirth;
        try {
            dateOfBirth = LocalDate.parse(body.get("dateOfBirth").asText());
        } catch (DateTimeParseException e) {
            throw new ContractValidator.ContractViolation("$.dateOfBirth: not a calendar date (yyyy-MM-dd)");
        }
        boolean match = identity.matches(body.get("idNumber").asText(), body.get("fullName").asText(), dateOfBirth);
        return Map.of("match", match);
    }

    @ExceptionHandler(IdentityCheck.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(IdentityCheck.Unavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "partner-unavailable", e.getMessage()));
    }
}
