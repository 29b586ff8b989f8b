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

import vn.lienthong.hub.platform.web.Problems;
import vn.lienthong.hub.report.DossierReport;
import vn.lienthong.hub.report.DossierReportService;
import vn.lienthong.hub.report.InvalidReportRequest;
import vn.lienthong.hub.report.ReportFilter;
import vn.lienthong.hub.report.ReportPeriod;

/**
 * Period reports for the center's leadership: operators (VIEWER and above) and the one-stop-shop software.
 * Dates are local days in Asia/Ho_Chi_Minh, both inclusive.
 */
@RestController
@RequestMapping(path = "/api/v1/reports", produces = MediaType.APPLICATION_JSON_VALUE)
class ReportController {

    private static final Logger log = LoggerFactory.getLogger(ReportController.class);

    private final DossierReportService reports;

    ReportController(DossierReportService reports) {
        this.reports = reports;
    }

    /**
     * {@code GET /api/v1/reports/dossiers?from=YYYY-MM-DD&to=YYYY-MM-DD[&agency=&procedure=&channel=]}: received
     * (carried over + new, by channel), resolved (early / on time / late), in progress at the end (overdue),
     * refused, stopped, withdrawn, fees, 4-on-site, and the post's share.
     */
    @GetMapping("/dossiers")
    @PreAuthorize("hasRole('VIEWER') or hasAuthority('CLIENT_onestop')")
    DossierReport dossiers(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String agency, @RequestParam(required = false) String procedure,
            @RequestParam(required = false) String channel) {
        ReportPeriod period = ReportPeriod.parse(from, to);
        ReportFilter filter = ReportFilter.parse(agency, procedure, channel);
        long started = System.nanoTime();
        DossierReport report = reports.report(period, filter);
        log.debug("Dossier report {} – {} {} in {} ms", period.from(), period.to(), filter,
                (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    @ExceptionHandler(InvalidReportRequest.class)
    ResponseEntity<ProblemDetail> invalid(InvalidReportRequest e) {
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
