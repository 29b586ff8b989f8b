package vn.lienthong.hub.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import vn.lienthong.hub.platform.web.Problems;

/**
 * The JSON the console's pages poll (every two seconds) and the operators' actions. Reading needs a VIEWER (the
 * console's security chain); acting needs an OPERATOR, and carries the CSRF token of the session.
 */
@RestController
@RequestMapping(path = "/console/api", produces = MediaType.APPLICATION_JSON_VALUE)
class ConsoleApi {

    static final String ACT = "hasRole('OPERATOR')";

    /** What an action may carry: the selected message ids and the operator's reason. */
    record ActionRequest(List<String> ids, String reason) {
    }

    private final RouteBoard routes;
    private final ConnectorBoard connectors;
    private final DeadLetterDesk deadLetters;
    private final ParkedDesk parked;
    private final QueueDepths queues;
    private final DeviceBoard devices;
    private final DossierTimeline dossiers;
    private final LiveFeed live;
    private final OperatorAudit audit;
    private final Operators operators;

    ConsoleApi(RouteBoard routes, ConnectorBoard connectors, DeadLetterDesk deadLetters, ParkedDesk parked,
            QueueDepths queues, DeviceBoard devices, DossierTimeline dossiers, LiveFeed live, OperatorAudit audit,
            Operators operators) {
        this.routes = routes;
        this.connectors = connectors;
        this.deadLetters = deadLetters;
        this.parked = parked;
        this.queues = queues;
        this.devices = devices;
        this.dossiers = dossiers;
        this.live = live;
        this.audit = audit;
        this.operators = operators;
    }

    @GetMapping("/routes")
    Map<String, Object> routes() {
        return page("routes", routes.routes());
    }

    @PostMapping(path = "/routes/{id}/{action}")
    @PreAuthorize(ACT)
    Map<String, Object> control(@PathVariable String id, @PathVariable String action,
            @RequestBody(required = false) ActionRequest body) {
        String state = routes.control(id, action, body == null ? null : body.reason());
        return Map.of("route", id, "state", state);
    }

    @GetMapping("/connectors")
    Map<String, Object> connectors() {
        return page("connectors", connectors.connectors());
    }

    @GetMapping("/dead-letters")
    Map<String, Object> deadLetters(@RequestParam(defaultValue = "police") String partner) {
        boolean mask = !operators.canAct();
        Map<String, Object> out = page("letters", deadLetters.browse(partner, mask));
        out.put("partner", DeadLetterDesk.partner(partner));
        out.put("depths", deadLetters.depths(queues));
        out.put("parked", parked.open(mask));
        out.put("parkedCount", parked.count());
        out.put("masked", mask);
        return out;
    }

    @PostMapping("/dead-letters/{partner}/replay")
    @PreAuthorize(ACT)
    Map<String, Object> replay(@PathVariable String partner, @RequestBody ActionRequest body) {
        return Map.of("results", deadLetters.replay(partner, body.ids(), body.reason()));
    }

    @PostMapping("/dead-letters/{partner}/discard")
    @PreAuthorize(ACT)
    Map<String, Object> discard(@PathVariable String partner, @RequestBody ActionRequest body) {
        return Map.of("results", deadLetters.discard(partner, body.ids(), body.reason()));
    }

    @PostMapping("/parked/{id}/replay")
    @PreAuthorize(ACT)
    Map<String, Object> replayParked(@PathVariable long id, @RequestBody(required = false) ActionRequest body) {
        return Map.of("id", id, "status", parked.replay(id, body == null ? null : body.reason()));
    }

    @PostMapping("/parked/{id}/discard")
    @PreAuthorize(ACT)
    Map<String, Object> discardParked(@PathVariable long id, @RequestBody ActionRequest body) {
        return Map.of("id", id, "status", parked.discard(id, body.reason()));
    }

    @GetMapping("/devices")
    Map<String, Object> devices() {
        Map<String, Object> out = new LinkedHashMap<>(devices.board());
        out.put("updatedAt", Instant.now().toString());
        return out;
    }

    @GetMapping("/dossiers/{code}")
    Map<String, Object> dossier(@PathVariable String code) {
        return dossiers.of(code, !operators.canAct());
    }

    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live() {
        return live.subscribe();
    }

    @GetMapping("/live/recent")
    Map<String, Object> recent() {
        return page("events", live.recent());
    }

    @GetMapping("/audit")
    Map<String, Object> audit(@RequestParam(required = false) String who, @RequestParam(required = false) String action,
            @RequestParam(required = false) String target, @RequestParam(defaultValue = "200") int limit) {
        return page("entries", audit.latest(limit, who, action, target));
    }

    private Map<String, Object> page(String name, Object content) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, content);
        out.put("canAct", operators.canAct());
        out.put("updatedAt", Instant.now().toString());
        return out;
    }

    /** Console problems as RFC 9457 problems with a reason, like the rest of the hub. */
    @RestControllerAdvice(assignableTypes = ConsoleApi.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ProblemAdvice {

        @ExceptionHandler(ConsoleProblem.class)
        ResponseEntity<ProblemDetail> problem(ConsoleProblem e) {
            HttpStatus status = HttpStatus.valueOf(e.status());
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(status, e.reason(), e.getMessage()));
        }
    }
}
