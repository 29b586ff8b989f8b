package vn.lienthong.hub.post;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.dossier.DossierService;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Vietnam Post at the hub: pickups booked by the one-stop shop, the post's signed parcel events (no API key: the
 * signature is the authentication), and a dossier's parcels.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class PostController {

    /** Same rules as the dossier API (DossierController): parcels carry names, phones and addresses. */
    static final String READERS = "hasAuthority('CLIENT_onestop') or hasRole('OPERATOR')";
    static final String WRITERS = "hasAuthority('CLIENT_onestop')";

    private final PickupBookings bookings;
    private final ParcelEvents events;
    private final Parcels parcels;
    private final PostContract contract;
    private final DossierService dossiers;

    PostController(PickupBookings bookings, ParcelEvents events, Parcels parcels, PostContract contract,
            DossierService dossiers) {
        this.bookings = bookings;
        this.events = events;
        this.parcels = parcels;
        this.contract = contract;
        this.dossiers = dossiers;
    }

    /** Books a pickup: 201 with the SUBMITTED dossier and its parcel (200 for a replayed Idempotency-Key). */
    @PostMapping(path = "/post/pickups", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(WRITERS)
    ResponseEntity<Map<String, Object>> book(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Authentication auth) {
        contract.validate("PickupBooking", body);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw new IllegalArgumentException("Idempotency-Key must have 1 to 100 characters");
        }
        PickupBookings.Booking b = bookings.book(body, auth.getName(), idempotencyKey);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dossier", b.dossier());
        answer.put("parcel", parcels.view(b.parcel()));
        return ResponseEntity.status(b.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/dossiers/" + b.dossier().code())).body(answer);
    }

    /** The post's webhook (schemas/openapi/vnpost.yaml, webhooks.parcelEvent). */
    @PostMapping(path = "/post/events")
    ParcelEvents.Outcome event(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature) {
        return events.receive(body == null ? new byte[0] : body, signature);
    }

    @GetMapping("/dossiers/{code}/parcels")
    @PreAuthorize(READERS)
    Map<String, Object> parcels(@PathVariable String code) {
        dossiers.get(code); // 404 for an unknown dossier
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dossierCode", code);
        answer.put("content", parcels.timeline(code));
        return answer;
    }

    @ExceptionHandler(ParcelEventProblem.class)
    ResponseEntity<ProblemDetail> refused(ParcelEventProblem e) {
        return ResponseEntity.status(e.status()).body(Problems.of(e.status(), e.reason(), e.getMessage()));
    }
}
