package vn.lienthong.hub.sandbox.brokers;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.platform.web.Problems;

/**
 * Sandbox only, ADMIN only: {@code POST /sandbox/brokers/{artemis|kafka}/restart?downMs=N} stops the embedded
 * broker, keeps it down N ms (0 to 120000, default 0) and starts it again on the same ports and data; the answer
 * says when and for how long (and, for Artemis, the depth of the partner queues before and after). The hub's own
 * clients (routes, outbox relay, health) are left to recover by themselves: that is what this is for.
 */
@RestController
@RequestMapping(path = "/sandbox/brokers", produces = MediaType.APPLICATION_JSON_VALUE)
@SandboxOnly
class SandboxBrokerController {

    static final long MAX_DOWN_MS = 120_000;

    private final SandboxBrokers brokers;

    SandboxBrokerController(SandboxBrokers brokers) {
        this.brokers = brokers;
    }

    @PostMapping("/{broker}/restart")
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, Object> restart(@PathVariable String broker, @RequestParam(defaultValue = "0") long downMs)
            throws Exception {
        if (downMs < 0 || downMs > MAX_DOWN_MS) {
            throw new IllegalArgumentException("downMs is between 0 and " + MAX_DOWN_MS);
        }
        Duration down = Duration.ofMillis(downMs);
        return switch (broker) {
            case "artemis" -> brokers.restartArtemis(down);
            case "kafka" -> brokers.restartKafka(down);
            default -> throw new IllegalArgumentException("unknown broker " + broker + "; known: artemis, kafka");
        };
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage()));
    }

    @ExceptionHandler(SandboxBrokers.NotEmbedded.class)
    ResponseEntity<ProblemDetail> external(SandboxBrokers.NotEmbedded e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, "not-embedded", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }
}
