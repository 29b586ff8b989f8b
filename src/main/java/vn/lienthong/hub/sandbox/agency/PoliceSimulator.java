package vn.lienthong.hub.sandbox.agency;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
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

/**
 * The police, simulated (schemas/openapi/police.yaml) under {@code /sandbox/police}: permanent-residence
 * registration and removal (202, then a callback DONE with a residence record number, or REFUSED), and the
 * synchronous identity check.
 */
@RestController
@RequestMapping("/sandbox/police")
@SandboxOnly
class PoliceSimulator {

    private final SimulatedAgency police;

    PoliceSimulator(SandboxMessages messages, PartnerCallbacks callbacks, ObjectMapper json,
            @Value("${hub.partners.police.api-key:}") String hubKey,
            @Value("${hub.sandbox.police.latency-ms:300}") long latencyMs,
            @Value("${hub.sandbox.police.failure-rate:0}") double failureRate,
            @Value("${hub.sandbox.police.refusal-rate:0}") double refusalRate,
            @Value("${hub.sandbox.police.processing-ms:1000}") long processingMs) {
        this.police = new SimulatedAgency("police", "BCA", hubKey,
                new Behaviour(latencyMs, failureRate, false, refusalRate, processingMs), messages, callbacks, json);
    }

    @PostMapping("/residence/registrations")
    ResponseEntity<?> register(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return police.deliver("RESIDENCE_REGISTRATION", "ResidenceRequest", apiKey, deliveryId, body,
                PoliceSimulator::residenceRecord,
                r -> "Chưa xác minh được chỗ ở hợp pháp tại địa chỉ đăng ký (the legal residence at the address could not be verified)");
    }

    @PostMapping("/residence/removals")
    ResponseEntity<?> remove(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return police.deliver("RESIDENCE_REMOVAL", "ResidenceRequest", apiKey, deliveryId, body,
                PoliceSimulator::residenceRecord,
                r -> "Không tìm thấy thông tin cư trú của người đã mất (no residence record of the deceased was found)");
    }

    @PostMapping("/identity/checks")
    ResponseEntity<?> checkIdentity(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestBody(required = false) byte[] body) {
        return police.answer("IDENTITY_CHECK", "IdentityCheckRequest", apiKey, body,
                r -> Map.of("match", matches(r.path("idNumber").asText(), r.path("fullName").asText(),
                        r.path("dateOfBirth").asText())));
    }

    @PutMapping("/behaviour")
    @PreAuthorize("hasRole('ADMIN')")
    Behaviour changeBehaviour(@RequestBody(required = false) JsonNode body) {
        return police.change(body);
    }

    @GetMapping("/behaviour")
    Behaviour behaviour() {
        return police.behaviour();
    }

    @GetMapping("/messages")
    Map<String, Object> messages(@RequestParam(required = false) String dossier,
            @RequestParam(required = false) String deliveryId) {
        return police.received(dossier, deliveryId);
    }

    /** The residence record the police answers with: the applicant's province code and nine digits. */
    private static Map<String, Object> residenceRecord(JsonNode request) {
        String province = request.path("applicant").path("idNumber").asText("000").substring(0, 3);
        return Map.of("residenceBookNumber",
                province + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000)));
    }

    /**
     * The sandbox has no population register: a citizen ID "matches" when it is consistent with the date of birth,
     * as a real one is — its fourth digit codes the century of birth (0/1: 1900s, 2/3: 2000s, 4/5: 2100s,
     * 6/7: 2200s, 8/9: 1800s) and the next two are the year's last two digits — and the name is not blank.
     */
    static boolean matches(String idNumber, String fullName, String dateOfBirth) {
        if (idNumber == null || !idNumber.matches("\\d{12}") || fullName == null || fullName.isBlank()) {
            return false;
        }
        LocalDate born;
        try {
            born = LocalDate.parse(dateOfBirth);
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
        int centuryCode = idNumber.charAt(3) - '0';
        int century = switch (centuryCode / 2) {
            case 0 -> 1900;
            case 1 -> 2000;
            case 2 -> 2100;
            case 3 -> 2200;
            default -> 1800;
        };
        int year = century + Integer.parseInt(idNumber.substring(4, 6));
        return year == born.getYear();
    }
}
