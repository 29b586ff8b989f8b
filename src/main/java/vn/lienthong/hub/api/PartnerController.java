package vn.lienthong.hub.api;

import java.util.List;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.agency.PartnerResults;
import vn.lienthong.hub.delivery.DeliveryLog;
import vn.lienthong.hub.dossier.DossierView;
import vn.lienthong.hub.platform.web.Problems;

/** Partners' callbacks, and the dossier's timeline of partner messages. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class PartnerController {

    private final PartnerResults results;
    private final DeliveryLog log;
    private final ContractValidator contract;
    private final DossierAccess access;

    PartnerController(PartnerResults results, DeliveryLog log, ContractValidator contract, DossierAccess access) {
        this.results = results;
        this.log = log;
        this.contract = contract;
        this.access = access;
    }

    @PostMapping(path = "/partners/results", consumes = MediaType.APPLICATION_JSON_VALUE)
    // agencies only: Vietnam Post reports parcel events through its signed webhook; a post "result" would resolve or
    // stop the citizen's dossier of a pickup or delivery order
    @PreAuthorize("hasRole('AGENCY')")
    DossierView result(@RequestBody JsonNode body, Authentication auth) {
        contract.validate("PartnerResult", body);
        return results.accept(auth.getName(), body);
    }

    @GetMapping("/dossiers/{code}/messages")
    // as a dossier itself (the API chain's rule for /api/v1/dossiers/*): its messages carry the same personal data
    @PreAuthorize("hasAuthority('CLIENT_onestop') or hasRole('OPERATOR') or hasRole('AGENCY')")
    Map<String, Object> messages(@PathVariable String code, Authentication auth) {
        access.check(code, auth);
        List<Map<String, Object>> timeline = log.timeline(code);
        return Map.of("dossierCode", code, "content", timeline);
    }

    @ExceptionHandler(PartnerResults.NotYourDelivery.class)
    ResponseEntity<ProblemDetail> notYours(PartnerResults.NotYourDelivery e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, "not-routed-to-you", e.getMessage()));
    }
}
