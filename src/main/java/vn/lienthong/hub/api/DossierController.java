package vn.lienthong.hub.api;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.dossier.DossierCommand;
import vn.lienthong.hub.dossier.DossierQuery;
import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.dossier.EventType;
import vn.lienthong.hub.dossier.ImportService;
import vn.lienthong.hub.dossier.NewDossier;

/**
 * The one-stop-shop API over the dossier store (schemas/openapi/hub-api.yaml). Who may call what is decided by the
 * API's security chain (platform.security.SecurityConfig), by path, not by method security: the counters
 * ({@code CLIENT_onestop}) register and move dossiers, operators never write a citizen's dossier; a list without
 * personal data is for the counters and every operator, a dossier itself for the counters, OPERATOR and the agencies
 * (an agency only the dossiers routed to it: {@link DossierAccess}).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class DossierController {

    private final DossierService dossiers;
    private final DossierQuery query;
    private final ContractValidator contract;
    private final ImportService importer;
    private final DossierAccess access;
    /** Readers bound to their type: their deserializer is found once, not looked up again for each request. */
    private final ObjectReader newDossier;
    private final ObjectReader event;

    DossierController(DossierService dossiers, DossierQuery query, ContractValidator contract, ObjectMapper json,
            ImportService importer, DossierAccess access) {
        this.importer = importer;
        this.access = access;
        this.dossiers = dossiers;
        this.query = query;
        this.contract = contract;
        this.newDossier = json.readerFor(NewDossier.class);
        this.event = json.readerFor(Event.class);
    }

    @PostMapping(path = "/dossiers", consumes = MediaType.APPLICATION_JSON_VALUE)
    JsonAnswer create(@JsonBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Authentication auth) {
        contract.validate("NewDossier", body);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw new IllegalArgumentException("Idempotency-Key must have 1 to 100 characters");
        }
        NewDossier req = bind(body, newDossier);
        DossierService.Created result = dossiers.create(req, auth.getName(), auth.getName(), idempotencyKey);
        DossierView d = result.dossier();
        return new JsonAnswer(result.created() ? HttpStatus.CREATED : HttpStatus.OK,
                URI.create("/api/v1/dossiers/" + d.code()), d);
    }

    @GetMapping("/dossiers/{code}")
    DossierView get(@PathVariable String code, Authentication auth) {
        return access.check(code, auth);
    }

    @PostMapping(path = "/dossiers/{code}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    JsonAnswer event(@PathVariable String code, @JsonBody JsonNode body, Authentication auth) {
        contract.validate("DossierEvent", body);
        access.checkBeforeChange(code, auth);
        Event e = bind(body, event);
        return JsonAnswer.ok(dossiers.apply(code, new DossierCommand(e.eventId(), e.type(), e.at(),
                e.actor() != null ? e.actor() : auth.getName(), auth.getName(), e.reason(), e.newDueAt(), e.toAgency())));
    }

    @GetMapping("/dossiers")
    Map<String, Object> search(@RequestParam(required = false) String status, @RequestParam(required = false) String agency,
            @RequestParam(required = false) String procedure, @RequestParam(required = false) String channel,
            @RequestParam(required = false) LocalDate receivedFrom, @RequestParam(required = false) LocalDate receivedTo,
            @RequestParam(required = false) Boolean overdue, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return query.search(new DossierQuery.Filter(status, agency, procedure, channel, receivedFrom, receivedTo, overdue),
                page, size);
    }

    @PostMapping(path = "/dossiers/import", consumes = {"application/x-ndjson", MediaType.TEXT_PLAIN_VALUE})
    ImportService.Result importDossiers(HttpServletRequest request, Authentication auth) throws IOException {
        return importer.importNdjson(request.getInputStream(), auth.getName(), line -> contract.validate("ImportLine", line));
    }

    @GetMapping("/public/dossiers/{code}")
    DossierView.PublicView publicLookup(@PathVariable String code) {
        return dossiers.get(code).publicView();
    }

    /**
     * The validated tree as the request's record, read straight from the tree ({@code convertValue} would write it
     * into a token buffer first: a third of the controller's time in an intake burst). A value the contract lets
     * through but the record cannot hold is a 400, as with {@code convertValue}.
     */
    private static <T> T bind(JsonNode body, ObjectReader reader) {
        try {
            return reader.readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) { // declared by the reader; a tree in memory has nothing else to fail on
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    record Event(String eventId, EventType type, Instant at, String actor, String reason, Instant newDueAt, String toAgency) {
    }
}
