package vn.lienthong.hub.sandbox.agency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import vn.lienthong.hub.platform.security.Secrets;
import vn.lienthong.hub.platform.web.Problems;

/**
 * One simulated agency speaking its REST contract (schemas/openapi/&lt;partner&gt;.yaml): it checks the hub's key at
 * the agency, behaves as told ({@link Behaviour}), validates each request against the contract as a real agency
 * would, records what it received, and calls the hub back later with the outcome — once per delivery id.
 */
final class SimulatedAgency {

    private static final Logger log = LoggerFactory.getLogger(SimulatedAgency.class);
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("latencyMs", "failureRate", "down", "refusalRate", "processingMs");

    private final String partner;
    private final String contract;
    private final String ticketPrefix;
    private final byte[] hubKey;
    private final Behaviour defaults;
    private final AtomicReference<Behaviour> behaviour;
    private final SandboxMessages messages;
    private final PartnerCallbacks callbacks;
    private final ObjectMapper json;
    private final JsonSchemaFactory schemaFactory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig schemaConfig = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    SimulatedAgency(String partner, String ticketPrefix, String hubKey, Behaviour defaults, SandboxMessages messages,
            PartnerCallbacks callbacks, ObjectMapper json) {
        this.partner = partner;
        this.contract = "classpath:schemas/openapi/" + partner + ".yaml";
        this.ticketPrefix = ticketPrefix;
        this.hubKey = hubKey == null ? new byte[0] : hubKey.getBytes(StandardCharsets.UTF_8);
        this.defaults = defaults;
        this.behaviour = new AtomicReference<>(defaults);
        this.messages = messages;
        this.callbacks = callbacks;
        this.json = json;
    }

    String partner() {
        return partner;
    }

    Behaviour behaviour() {
        return behaviour.get();
    }

    /** Replaces the behaviour; an absent field takes its default, so an empty body restores the defaults. */
    Behaviour change(JsonNode body) {
        Behaviour.Change change;
        if (body == null || body.isNull()) {
            change = new Behaviour.Change(null, null, null, null, null);
        } else {
            if (!body.isObject()) {
                throw new IllegalArgumentException("the behaviour is a JSON object");
            }
            List<String> unknown = new ArrayList<>();
            body.fieldNames().forEachRemaining(f -> {
                if (!BEHAVIOUR_FIELDS.contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown behaviour field(s) " + unknown + "; known: " + BEHAVIOUR_FIELDS);
            }
            try {
                change = json.treeToValue(body, Behaviour.Change.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid behaviour: " + e.getOriginalMessage());
            }
        }
        Behaviour next = change.over(defaults);
        behaviour.set(next);
        log.info("Sandbox {}: behaviour now {}", partner, next);
        return next;
    }

    /**
     * An asynchronous operation (202 {ticket}, result by callback). {@code outcome} turns the validated request into
     * the callback's {@code result} object when the agency does the work.
     */
    ResponseEntity<?> deliver(String kind, String schema, String apiKey, String deliveryId, byte[] body,
            Function<JsonNode, Map<String, Object>> outcome, Function<JsonNode, String> refusal) {
        ResponseEntity<?> refused = gate(apiKey);
        if (refused != null) {
            return refused;
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
            return problem(HttpStatus.BAD_REQUEST, "missing-delivery-id", "X-Delivery-Id is required (1 to 200 characters)");
        }
        JsonNode request;
        try {
            request = valid(schema, body);
        } catch (Invalid e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        String dossierCode = request.path("dossierCode").asText(null);
        SandboxMessages.Message received = messages.record(partner, deliveryId, dossierCode, kind, payload);
        if (received.duplicate()) {
            log.info("Sandbox {}: delivery {} received again; acknowledged, not processed twice", partner, deliveryId);
        } else {
            Behaviour now = behaviour.get();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deliveryId", deliveryId);
            result.put("dossierCode", dossierCode);
            if (ThreadLocalRandom.current().nextDouble() < now.refusalRate()) {
                result.put("outcome", "REFUSED");
                result.put("reason", refusal.apply(request));
            } else {
                result.put("outcome", "DONE");
                result.put("result", outcome.apply(request));
            }
            callbacks.schedule(partner, result, now.processingMs());
            log.info("Sandbox {}: accepted {} {} for dossier {}", partner, kind, deliveryId, dossierCode);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("ticket", ticket(deliveryId)));
    }

    /** A synchronous operation: validated, recorded, answered at once (after the latency). */
    ResponseEntity<?> answer(String kind, String schema, String apiKey, byte[] body, Function<JsonNode, Object> answer) {
        ResponseEntity<?> refused = gate(apiKey);
        if (refused != null) {
            return refused;
        }
        JsonNode request;
        try {
            request = valid(schema, body);
        } catch (Invalid e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        }
        messages.record(partner, null, null, kind, new String(body, StandardCharsets.UTF_8));
        return ResponseEntity.ok(answer.apply(request));
    }

    /** What this agency received (for one dossier or delivery, or the latest ones), with each callback's progress. */
    Map<String, Object> received(String dossierCode, String deliveryId) {
        List<Map<String, Object>> content = new ArrayList<>();
        for (SandboxMessages.Message m : messages.list(partner, blank(dossierCode), blank(deliveryId), 200)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", m.id());
            v.put("deliveryId", m.deliveryId());
            v.put("kind", m.kind());
            v.put("dossierCode", m.dossierCode());
            v.put("receivedAt", m.receivedAt());
            v.put("duplicate", m.duplicate());
            v.put("payload", parsed(m.payload()));
            v.put("callback", m.duplicate() || m.deliveryId() == null ? null
                    : callbacks.progress(partner, m.deliveryId()).map(PartnerCallbacks.Attempts::view).orElse(null));
            content.add(v);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("partner", partner);
        page.put("dossierCode", blank(dossierCode));
        page.put("content", content);
        return page;
    }

    /** The key check, then the behaviour: down, latency, random failures. Null when the call may go on. */
    private ResponseEntity<?> gate(String apiKey) {
        if (apiKey == null || hubKey.length == 0
                || !MessageDigest.isEqual(hubKey, apiKey.getBytes(StandardCharsets.UTF_8))) {
            log.warn("Sandbox {}: refused a call with a wrong or missing X-API-Key", partner);
            return problem(HttpStatus.UNAUTHORIZED, "invalid-api-key", "The key in X-API-Key is not the hub's key at " + partner + ".");
        }
        Behaviour now = behaviour.get();
        if (now.down()) {
            return unavailable("is down (simulated)");
        }
        if (now.latencyMs() > 0) {
            try {
                Thread.sleep(now.latencyMs()); // the agency's response time, on the request's own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unavailable("was interrupted");
            }
        }
        if (now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
            return unavailable("failed this call (simulated failure rate " + now.failureRate() + ")");
        }
        return null;
    }

    private JsonNode valid(String schema, byte[] body) throws Invalid {
        if (body == null || body.length == 0) {
            throw new Invalid("a JSON body is required");
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new Invalid("the body is not JSON");
        }
        JsonSchema s = schemas.computeIfAbsent(schema, name -> schemaFactory.getSchema(
                SchemaLocation.of(contract + "#/components/schemas/" + name), schemaConfig));
        Set<ValidationMessage> errors = s.validate(request);
        if (!errors.isEmpty()) {
            throw new Invalid("the request does not match " + schema + ": " + errors.stream()
                    .map(m -> m.getInstanceLocation() + ": " + m.getMessage()).sorted().limit(20)
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private ResponseEntity<ProblemDetail> unavailable(String what) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The " + partner + " service " + what + "."));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String reason, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, reason, detail));
    }

    /** The same delivery always gets the same ticket. */
    private String ticket(String deliveryId) {
        return ticketPrefix + "-" + Secrets.sha256(partner + ":" + deliveryId).substring(0, 12);
    }

    private Object parsed(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            return payload;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }
}
