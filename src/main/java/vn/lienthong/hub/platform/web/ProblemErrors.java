package vn.lienthong.hub.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.context.request.WebRequest;

/**
 * Refusals that happen outside the hub's controllers still answer with an RFC 9457 problem and a machine-readable
 * {@code reason}: Spring's {@code /error} page (no handler for the path, a method or media type the handler does not
 * take), the request firewall of Spring Security (encoded traversals, {@code ;} in a path, unknown methods) and
 * Tomcat itself (a URI it cannot decode, headers too large), which would otherwise answer with an empty body or an
 * HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ProblemErrors {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrors.class);

    /** {@code /error} bodies carry the problem's {@code type}, {@code title} and {@code reason} beside Boot's fields. */
    @Bean
    ErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(request, options);
                if (Integer.valueOf(999).equals(attributes.get("status"))) {
                    // /error asked for directly, not an error forwarded there: there is no such resource
                    attributes.put("status", 404);
                    attributes.put("error", HttpStatus.NOT_FOUND.getReasonPhrase());
                }
                int status = attributes.get("status") instanceof Integer s ? s : 500;
                String reason = Problems.reasonFor(status);
                attributes.put("type", "urn:lienthong:problem:" + reason);
                attributes.put("title", attributes.get("error"));
                attributes.put("reason", reason);
                return attributes;
            }
        };
    }

    /**
     * Boot's error controller, except that a client who accepts no JSON (e.g. only XML) still gets the problem,
     * rather than an empty 406.
     */
    @Bean
    BasicErrorController basicErrorController(ErrorAttributes errorAttributes, ServerProperties server,
            ObjectProvider<ErrorViewResolver> resolvers) {
        return new BasicErrorController(errorAttributes, server.getError(), resolvers.orderedStream().toList()) {
            /** {@code /error} asked for directly (no error was forwarded there) is not found, not a server error. */
            @Override
            protected HttpStatus getStatus(HttpServletRequest request) {
                return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND
                        : super.getStatus(request);
            }

            @Override
            @org.springframework.web.bind.annotation.ExceptionHandler(
                    org.springframework.web.HttpMediaTypeNotAcceptableException.class)
            public ResponseEntity<String> mediaTypeNotAcceptable(HttpServletRequest request) {
                HttpStatus status = getStatus(request);
                Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(Problems.json(status.value(), status.getReasonPhrase(), Problems.reasonFor(status.value()),
                                "No representation of " + (uri == null ? "this resource" : uri)
                                        + " matches the Accept header; problems are application/problem+json."));
            }
        };
    }

    /** Requests the firewall refuses (before any security chain): a problem, 405 for a method it does not allow. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> {
            boolean method = String.valueOf(e.getMessage()).contains("HTTP method");
            HttpStatus status = method ? HttpStatus.METHOD_NOT_ALLOWED : HttpStatus.BAD_REQUEST;
            log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            Problems.write(response, status, method ? "method-not-allowed" : "rejected-request",
                    method ? "The HTTP method " + request.getMethod() + " is not allowed."
                            : "The request was rejected: " + e.getMessage());
        };
    }

    /** Tomcat's own error report (requests refused before the web application sees them) as a problem. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReport() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    Container parent = context.getParent();
                    if (parent instanceof StandardHost host) {
                        for (Valve valve : List.of(host.getPipeline().getValves())) {
                            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                                host.getPipeline().removeValve(valve);
                            }
                        }
                        host.setErrorReportValveClass(ProblemReportValve.class.getName());
                        host.getPipeline().addValve(new ProblemReportValve());
                    }
                });
            }
        };
    }

    /** Writes Tomcat's error responses as problems; never a stack trace, never the server's version. */
    public static class ProblemReportValve extends ErrorReportValve {

        public ProblemReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean io = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
            if (!io.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = response.getMessage() == null || response.getMessage().isBlank() ? title : response.getMessage();
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(Problems.json(status, title, Problems.reasonFor(status), detail));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away, or the response was already committed: nothing more to say
            }
        }
    }
}
