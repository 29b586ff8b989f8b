package vn.lienthong.hub.sandbox.post;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.platform.web.Problems;

/**
 * Vietnam Post, simulated (schemas/openapi/vnpost.yaml) under {@code /sandbox/vnpost}: it takes pickup and delivery
 * orders with the hub's key at the post — validated against the contract as the real post would, once per
 * {@code X-Delivery-Id} (the same id again gets the same tracking number) — and then reports each parcel's life to
 * the hub by signed webhooks ({@link ParcelJourneys}). {@code PUT /behaviour} (ADMIN) and {@code GET /messages}
 * (VIEWER) as for the simulated agencies.
 */
@RestController
@RequestMapping("/sandbox/vnpost")
@SandboxPost
class PostSimulator {

    private static final Logger log = LoggerFactory.getLogger(PostSimulator.class);
    private static final String CONTRACT = "classpath:schemas/openapi/vnpost.yaml";
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("latencyMs", "failureRate", "down", "stepMs",
            "deliveryFailureRate", "deliveryFailures", "shuffle", "webhooks");

    private final PostMessages messages;
    private final ParcelJourneys journeys;
    private final ObjectMapper json;
    private final byte[] hubKey;
    private final PostBehaviour defaults;
    private final AtomicReference<PostBehaviour> behaviour;
    private final JsonSchemaFactory schemaFactory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig schemaConfig = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    PostSimulator(PostMessages messages, ParcelJourneys journeys, ObjectMapper json,
            @Value("${hub.partners.vnpost.api-key:}") String hubKey,
            @Value("${hub.sandbox.vnpost.latency-ms:200}") long latencyMs,
            @Value("${hub.sandbox.vnpost.failure-rate:0}") double failureRate,
            @Value("${hub.sandbox.vnpost.step-ms:500}") long stepMs,
            @Value("${hub.sandbox.vnpost.delivery-failure-rate:0.1}") double deliveryFailureRate,
            @Value("${hub.sandbox.vnpost.delivery-failures:0}") int deliveryFailures,
            @Value("${hub.sandbox.vnpost.shuffle:false}") boolean shuffle) {
        this.messages = messages;
        this.journeys = journeys;
        this.json = json;
        this.hubKey = hubKey == null ? new byte[0] : hubKey.getBytes(StandardCharsets.UTF_8);
        this.defaults = new PostBehaviour(latencyMs, failureRate, false, stepMs, deliveryFailureRate, deliveryFailures,
                shuffle, true);
        this.behaviour = new AtomicReference<>(defaults);
    }

    @PostMapping("/orders/pickups")
    ResponseEntity<?> pickup(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return order("DOSSIER_PICKUP", "PickupOrder", apiKey, deliveryId, body);
    }

    @PostMapping("/orders/deliveries")
    ResponseEntity<?> delivery(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return order("RESULT_DELIVERY", "DeliveryOrder", apiKey, deliveryId, body);
    }

    @PutMapping("/behaviour")
    @PreAuthorize("hasRole('ADMIN')")
    PostBehaviour changeBehaviour(@RequestBody(required = false) JsonNode body) {
        PostBehaviour.Change change;
        if (body == null || body.isNull()) {
            change = new PostBehaviour.Change(null, null, null, null, null, null, null, null);
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
                change = json.treeToValue(body, PostBehaviour.Change.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid behaviour: " + e.getOriginalMessage());
            }
        }
        PostBehaviour next = change.over(defaults);
        behaviour.set(next);
        log.info("Sandbox vnpost: behaviour now {}", next);
        return next;
    }

    @GetMapping("/behaviour")
    PostBehaviour behaviour() {
        return behaviour.get();
    }

    /** What the post received (for one dossier, or the latest orders), with each parcel's events so far. */
    @GetMapping("/messages")
    Map<String, Object> received(@RequestParam(required = false) String dossier) {
        String code = dossier == null || dossier.isBlank() ? null : dossier;
        List<Map<String, Object>> content = new ArrayList<>();
        for (PostMessages.Message m : messages.list(code, 200)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", m.id());
            v.put("deliveryId", m.deliveryId());
            v.put("kind", m.kind());
            v.put("dossierCode", m.dossierCode());
            v.put("trackingNumber", m.deliveryId() == null ? null : TrackingNumbers.of(m.deliveryId()));
            v.put("receivedAt", m.receivedAt());
            v.put("duplicate", m.duplicate());
            v.put("payload", parsed(m.payload()));
            v.put("events", m.duplicate() || m.deliveryId() == null ? null : journeys.progress(m.deliveryId()).orElse(null));
            content.add(v);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("partner", PostMessages.PARTNER);
        page.put("dossierCode", code);
        page.put("content", content);
        return page;
    }

    private ResponseEntity<?> order(String kind, String schema, String apiKey, String deliveryId, byte[] body) {
        ResponseEntity<?> refused = gate(apiKey);
        if (refused != null) {
            return refused;
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
            return problem(HttpStatus.BAD_REQUEST, "missing-delivery-id", "X-Delivery-Id is required (1 to 200 characters)");
        }
        JsonNode order;
        try {
            order = valid(schema, body);
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        }
        String trackingNumber = TrackingNumbers.of(deliveryId);
        PostMessages.Message received = messages.record(deliveryId, order.path("dossierCode").asText(null), kind,
                new String(body, StandardCharsets.UTF_8));
        if (received.duplicate()) {
            log.info("Sandbox vnpost: order {} received again; acknowledged, not taken twice", deliveryId);
        } else {
            journeys.start(kind, deliveryId, trackingNumber, order, behaviour.get());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingNumber", trackingNumber);
        answer.put("orderId", deliveryId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    /** The key check, then the behaviour: down, latency, random failures. Null when the call may go on. */
    private ResponseEntity<?> gate(String apiKey) {
        if (apiKey == null || hubKey.length == 0
                || !MessageDigest.isEqual(hubKey, apiKey.getBytes(StandardCharsets.UTF_8))) {
            log.warn("Sandbox vnpost: refused an order with a wrong or missing X-API-Key");
            return problem(HttpStatus.UNAUTHORIZED, "invalid-api-key", "The key in X-API-Key is not the hub's key at the post.");
        }
        PostBehaviour now = behaviour.get();
        if (now.down()) {
            return unavailable("is down (simulated)");
        }
        if (now.latencyMs() > 0) {
            try {
                Thread.sleep(now.latencyMs()); // the post's response time, on the request's own thread
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

    private JsonNode valid(String schema, byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        JsonNode order;
        try {
            order = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        JsonSchema s = schemas.computeIfAbsent(schema, name -> schemaFactory.getSchema(
                SchemaLocation.of(CONTRACT + "#/components/schemas/" + name), schemaConfig));
        Set<ValidationMessage> errors = s.validate(order);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("the order does not match " + schema + ": " + errors.stream()
                    .map(m -> m.getInstanceLocation() + ": " + m.getMessage()).sorted().limit(20)
                    .collect(Collectors.joining("; ")));
        }
        return order;
    }

    private static ResponseEntity<ProblemDetail> unavailable(String what) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The post's service " + what + "."));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String reason, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, reason, detail));
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
}
