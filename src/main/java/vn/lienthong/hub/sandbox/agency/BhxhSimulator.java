package vn.lienthong.hub.sandbox.agency;

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
 * Vietnam Social Security (BHXH), simulated (schemas/openapi/bhxh.yaml) under {@code /sandbox/bhxh}: the
 * health-insurance card of a child under 6 (callback DONE with the card number) and the funeral allowance
 * (callback DONE with the amount), or REFUSED with a reason.
 */
@RestController
@RequestMapping("/sandbox/bhxh")
@SandboxOnly
class BhxhSimulator {

    private final SimulatedAgency bhxh;
    private final long funeralAllowanceVnd;

    BhxhSimulator(SandboxMessages messages, PartnerCallbacks callbacks, ObjectMapper json,
            @Value("${hub.partners.bhxh.api-key:}") String hubKey,
            @Value("${hub.sandbox.bhxh.latency-ms:300}") long latencyMs,
            @Value("${hub.sandbox.bhxh.failure-rate:0}") double failureRate,
            @Value("${hub.sandbox.bhxh.refusal-rate:0}") double refusalRate,
            @Value("${hub.sandbox.bhxh.processing-ms:1000}") long processingMs,
            // 10 × the reference level of 2,340,000 VND (Law on Social Insurance 2024, art. 85) (verify)
            @Value("${hub.sandbox.bhxh.funeral-allowance-vnd:23400000}") long funeralAllowanceVnd) {
        this.bhxh = new SimulatedAgency("bhxh", "BHXH", hubKey,
                new Behaviour(latencyMs, failureRate, false, refusalRate, processingMs), messages, callbacks, json);
        this.funeralAllowanceVnd = funeralAllowanceVnd;
    }

    @PostMapping("/health-insurance/cards")
    ResponseEntity<?> issueCard(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return bhxh.deliver("HEALTH_INSURANCE_CARD", "BenefitRequest", apiKey, deliveryId, body,
                r -> Map.of("cardNumber", childCardNumber(r)),
                r -> "Trẻ đã được cấp thẻ BHYT còn giá trị sử dụng (the child already has a valid health-insurance card)");
    }

    @PostMapping("/benefits/funeral")
    ResponseEntity<?> claimFuneralAllowance(@RequestHeader(name = "X-API-Key", required = false) String apiKey,
            @RequestHeader(name = "X-Delivery-Id", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        return bhxh.deliver("FUNERAL_ALLOWANCE", "BenefitRequest", apiKey, deliveryId, body,
                r -> Map.of("amountVnd", funeralAllowanceVnd),
                r -> "Người đã mất không thuộc diện hưởng trợ cấp mai táng từ quỹ BHXH (the deceased is not covered by the fund)");
    }

    @PutMapping("/behaviour")
    @PreAuthorize("hasRole('ADMIN')")
    Behaviour changeBehaviour(@RequestBody(required = false) JsonNode body) {
        return bhxh.change(body);
    }

    @GetMapping("/behaviour")
    Behaviour behaviour() {
        return bhxh.behaviour();
    }

    @GetMapping("/messages")
    Map<String, Object> messages(@RequestParam(required = false) String dossier,
            @RequestParam(required = false) String deliveryId) {
        return bhxh.received(dossier, deliveryId);
    }

    /**
     * A child's card number: group code TE (children under 6), benefit level 1, the province code (from the
     * applicant's citizen ID), then the child's 10-digit social-insurance number, which starts with the province
     * code too — e.g. TE1383823456789.
     */
    static String childCardNumber(JsonNode request) {
        String province = request.path("applicant").path("idNumber").asText("000").substring(1, 3);
        return "TE1" + province + province + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
