package vn.lienthong.hub.platform.web;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with a machine-readable {@code reason} (a short kebab-case code clients switch on)
 * next to the human {@code detail}.
 */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String reason, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:lienthong:problem:" + reason));
        p.setProperty("reason", reason);
        return p;
    }

    /** The reason of a refusal known only by its HTTP status (the servlet container's, a framework's). */
    public static String reasonFor(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            case 500 -> "internal-error";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    /** The problem body as JSON text, for writers outside Spring MVC (the servlet container's error report). */
    public static String json(int status, String title, String reason, String detail) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", "urn:lienthong:problem:" + reason);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("reason", reason);
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a problem directly, for filters that run before Spring MVC. */
    public static void write(HttpServletResponse response, HttpStatus status, String reason, String detail)
            throws IOException {
        ProblemDetail p = of(status, reason, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", p.getType().toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("reason", reason);
        JSON.writeValue(response.getOutputStream(), body);
    }
}
