package vn.lienthong.hub.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.lienthong.hub.device.DeviceReports;
import vn.lienthong.hub.device.InvalidDeviceRequest;
import vn.lienthong.hub.device.QueueReport;
import vn.lienthong.hub.device.ReportDays;
import vn.lienthong.hub.device.SatisfactionReport;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Reports built on the hall devices, for operators (VIEWER and above) and the one-stop-shop software. Dates are
 * local days in Asia/Ho_Chi_Minh, both inclusive; rates are percentages with two decimals, rounded half up.
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = MediaType.APPLICATION_JSON_VALUE)
class DeviceReportController {

    private static final Logger log = LoggerFactory.getLogger(DeviceReportController.class);

    private final DeviceReports reports;

    DeviceReportController(DeviceReports reports) {
        this.reports = reports;
    }

    /**
     * {@code GET /api/v1/reports/satisfaction?from=YYYY-MM-DD&to=YYYY-MM-DD[&counter=&officer=]} →
     * {@code {"total","verySatisfied":{"count","rate"},"satisfied":{…},"unsatisfied":{…}}}.
     */
    @GetMapping("/satisfaction")
    @PreAuthorize("hasRole('VIEWER') or hasAuthority('CLIENT_onestop')")
    SatisfactionReport satisfaction(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String counter,
            @RequestParam(required = false) String officer) {
        return reports.satisfaction(ReportDays.parse(from, to), blankToNull(counter), blankToNull(officer));
    }

    /**
     * {@code GET /api/v1/reports/queue?from=YYYY-MM-DD&to=YYYY-MM-DD[&serviceArea=]}: tickets, called, served,
     * no-shows and waiting minutes from issue to call (average, median, 90th percentile), in total and per
     * service area.
     */
    @GetMapping("/queue")
    @PreAuthorize("hasRole('VIEWER') or hasAuthority('CLIENT_onestop')")
    QueueReport queue(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String serviceArea) {
        return reports.queue(ReportDays.parse(from, to), blankToNull(serviceArea));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @ExceptionHandler(InvalidDeviceRequest.class)
    ResponseEntity<ProblemDetail> invalid(InvalidDeviceRequest e) {
        log.info("Refused report request: {}", e.getMessage());
        ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        p.setProperty("field", e.field());
        return ResponseEntity.badRequest().body(p);
    }

    /** Left to Spring Security (403 with reason "forbidden"), whatever advice exists for other exceptions. */
    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }
}
