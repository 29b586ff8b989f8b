package vn.lienthong.hub.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.device.Device;
import vn.lienthong.hub.device.DeviceConflict;
import vn.lienthong.hub.device.DeviceKind;
import vn.lienthong.hub.device.DeviceRegistry;
import vn.lienthong.hub.device.InvalidDeviceRequest;
import vn.lienthong.hub.device.NewDevice;
import vn.lienthong.hub.platform.HubProperties;
import vn.lienthong.hub.platform.web.Problems;

/**
 * The registry of hall devices: operators (VIEWER and above) see the devices and their liveness; ADMIN registers,
 * re-registers (new credentials) and removes them. A registered device may connect to the devices' broker with its
 * username and password and publish on its own topics only; its password is never shown again.
 */
@RestController
@RequestMapping(path = "/api/v1/devices", produces = MediaType.APPLICATION_JSON_VALUE)
class DeviceController {

    private static final Logger log = LoggerFactory.getLogger(DeviceController.class);

    private final DeviceRegistry registry;
    private final HubProperties hub;

    DeviceController(DeviceRegistry registry, HubProperties hub) {
        this.registry = registry;
        this.hub = hub;
    }

    /** Registers a device: 201, or 409 (reason device-exists / username-taken). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<DeviceView> register(@RequestBody DeviceRequest body, Authentication auth) {
        Device d = registry.register(body(body, null), auth.getName());
        return ResponseEntity.created(URI.create("/api/v1/devices/" + d.deviceId())).body(DeviceView.of(d));
    }

    /** Registers a device (201) or replaces its registration and credentials (200). */
    @PutMapping(path = "/{deviceId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<DeviceView> save(@PathVariable String deviceId, @RequestBody DeviceRequest body, Authentication auth) {
        DeviceRegistry.Saved saved = registry.save(body(body, deviceId), auth.getName());
        DeviceView view = DeviceView.of(saved.device());
        return saved.created()
                ? ResponseEntity.created(URI.create("/api/v1/devices/" + deviceId)).body(view)
                : ResponseEntity.ok(view);
    }

    @GetMapping
    @PreAuthorize("hasRole('VIEWER')")
    Map<String, List<DeviceView>> list(@RequestParam(required = false) String center,
            @RequestParam(required = false) String kind) {
        return Map.of("content", registry.list(blankToNull(center), kind(kind)).stream().map(DeviceView::of).toList());
    }

    @GetMapping("/{deviceId}")
    @PreAuthorize("hasRole('VIEWER')")
    ResponseEntity<?> get(@PathVariable String deviceId) {
        return registry.find(deviceId).<ResponseEntity<?>>map(d -> ResponseEntity.ok(DeviceView.of(d)))
                .orElseGet(() -> unknown(deviceId));
    }

    /** Removes a device: it can no longer connect. 204, or 404. */
    @DeleteMapping("/{deviceId}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<?> remove(@PathVariable String deviceId, Authentication auth) {
        return registry.remove(deviceId, auth.getName()) ? ResponseEntity.noContent().build() : unknown(deviceId);
    }

    private NewDevice body(DeviceRequest b, String pathId) {
        if (b == null) {
            throw new InvalidDeviceRequest("body", "a device is required");
        }
        if (pathId != null && b.deviceId() != null && !b.deviceId().equals(pathId)) {
            throw new InvalidDeviceRequest("deviceId", "the body's deviceId " + b.deviceId()
                    + " differs from the one in the path " + pathId);
        }
        String center = b.center() == null || b.center().isBlank() ? hub.getCenter() : b.center();
        return new NewDevice(pathId != null ? pathId : b.deviceId(), kind(b.kind()), center,
                blankToNull(b.counterId()), b.username(), b.password());
    }

    private static DeviceKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return DeviceKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceRequest("kind", "KIOSK, COUNTER or RATING; got '" + kind + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ResponseEntity<?> unknown(String deviceId) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "unknown-device",
                "No device " + deviceId + " in the registry."));
    }

    @ExceptionHandler(InvalidDeviceRequest.class)
    ResponseEntity<ProblemDetail> invalid(InvalidDeviceRequest e) {
        log.info("Refused device request: {}", e.getMessage());
        ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        p.setProperty("field", e.field());
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(DeviceConflict.class)
    ResponseEntity<ProblemDetail> conflict(DeviceConflict e) {
        log.info("Refused device registration: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, e.reason(), e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return CatalogController.RequestErrors.unreadable(e);
    }

    /** Left to Spring Security (403 with reason "forbidden"), whatever advice exists for other exceptions. */
    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }

    /** The body of POST and PUT; {@code kind} as text so a wrong value names its field. */
    record DeviceRequest(String deviceId, String kind, String center, String counterId, String username,
                         String password) {
    }

    /** A device as shown: what it is, its topics, its liveness. Never its password. */
    record DeviceView(String deviceId, String kind, String center, String counterId, String username,
                      List<String> topics, boolean online, Instant lastSeenAt, Instant offlineSince, String state,
                      Integer battery, String firmware, Instant registeredAt, String registeredBy, Instant updatedAt) {
        static DeviceView of(Device d) {
            return new DeviceView(d.deviceId(), d.kind().name(), d.center(), d.counterId(), d.username(),
                    d.identity().topics(), d.online(), d.lastSeenAt(), d.offlineSince(), d.state(), d.battery(),
                    d.firmware(), d.registeredAt(), d.registeredBy(), d.updatedAt());
        }
    }
}
