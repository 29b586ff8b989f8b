package vn.lienthong.hub.api;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

/** The one-stop-shop API over the dossier store (schemas/openapi/hub-api.yaml). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class DossierController {

    /** Lists without personal data (codes, statuses, dates): the counters and every operator. */
    static final String READERS = "hasAuthority('CLIENT_onestop') or hasRole('VIEWER')";
    /**
     * A dossier itself, with the applicant's personal data: the counters and operators who act on it. A VIEWER sees
     * personal data masked on the console only, and the status through the public lookup.
     */
    static final String PERSONAL_READERS = "hasAuthority('CLIENT_onestop') or hasRole('OPERATOR')";
    /**
     * Registering and moving dossiers is the counters' work, through the one-stop-shop software (every change names
     * the officer); operators, ADMIN included, never write a citizen's dossier.
     */
    static final String WRITERS = "hasAuthority('CLIENT_onestop')";

    private final DossierService dossiers;
    private final DossierQuery query;
    private final ContractValidator contract;
    private final ObjectMapper json;
    private final ImportService importer;
    private final DossierAccess access;

    DossierController(DossierService dossiers, DossierQuery query, ContractValidator contract, ObjectMapper json,
            ImportService importer, DossierAccess access) {
        this.importer = importer;
        this.access = access;
        this.dossiers = dossiers;
        this.query = query;
        this.contract = contract;
        this.json = json;
    }

    @PostMapping(path = "/dossiers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(WRITERS)
    ResponseEntity<DossierView> create(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Authentication auth) {
        contract.validate("NewDossier", body);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw new IllegalArgumentException("Idempotency-Key must have 1 to 100 characters");
        }
        NewDossier req = bind(body, NewDossier.class);
        DossierService.Created result = dossiers.create(req, auth.getName(), auth.getName(), idempotencyKey);
        DossierView d = result.dossier();
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/dossiers/" + d.code())).body(d);
    }

    @GetMapping("/dossiers/{code}")
    @PreAuthorize(PERSONAL_READERS + " or hasRole('AGENCY')")
    DossierView get(@PathVariable String code, Authentication auth) {
        return access.check(code, auth);
    }

    @PostMapping(path = "/dossiers/{code}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(WRITERS + " or hasRole('AGENCY')")
    DossierView event(@PathVariable String code, @RequestBody JsonNode body, Authentication auth) {
        contract.validate("DossierEvent", body);
        access.checkBeforeChange(code, auth);
        Event e = bind(body, Event.class);
        return dossiers.apply(code, new DossierCommand(e.eventId(), e.type(), e.at(),
                e.actor() != null ? e.actor() : auth.getName(), auth.getName(), e.reason(), e.newDueAt(), e.toAgency()));
    }

    @GetMapping("/dossiers")
    @PreAuthorize(READERS)
    Map<String, Object> search(@RequestParam(required = false) String status, @RequestParam(required = false) String agency,
            @RequestParam(required = false) String procedure, @RequestParam(required = false) String channel,
            @RequestParam(required = false) LocalDate receivedFrom, @RequestParam(required = false) LocalDate receivedTo,
            @RequestParam(required = false) Boolean overdue, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return query.search(new DossierQuery.Filter(status, agency, procedure, channel, receivedFrom, receivedTo, overdue),
                page, size);
    }

    @PostMapping(path = "/dossiers/import", consumes = {"application/x-ndjson", MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize(WRITERS)
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
    private <T> T bind(JsonNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    record Event(String eventId, EventType type, Instant at, String actor, String reason, Instant newDueAt, String toAgency) {
    }
}
