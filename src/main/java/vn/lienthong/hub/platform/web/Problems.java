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
