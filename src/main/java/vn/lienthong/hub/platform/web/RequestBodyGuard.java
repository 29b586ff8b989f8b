package vn.lienthong.hub.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JSON bodies of the API, before anything parses them: at most {@code hub.api.max-body-bytes} (413 too-large,
 * counted, whatever Content-Length claims), and strictly UTF-8 (400 malformed-json) — the JSON parser decodes
 * overlong and other invalid UTF-8 forms leniently, so a byte-level check is the only place they can be refused.
 * Runs after the security chain: an unauthenticated caller is refused before its body is read. The historical
 * import streams its NDJSON with limits per line and is left to its own checks; the post's webhook is only
 * limited in size here (its signature covers the raw bytes; {@code ParcelEvents} checks the text once it is signed).
 */
@Component
@Order(0)
public class RequestBodyGuard extends OncePerRequestFilter {

    static final String IMPORT = "/api/v1/dossiers/import";
    static final String WEBHOOK = "/api/v1/post/events";
    private static final Logger log = LoggerFactory.getLogger(RequestBodyGuard.class);
    /** How much of an oversized body is read and dropped before the 413 (beyond it, the connection is closed). */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final long maxBytes;

    RequestBodyGuard(@Value("${hub.api.max-body-bytes:1048576}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI();
        if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
                || path == null || !path.startsWith("/api/") || path.equals(IMPORT)) {
            return true;
        }
        return !path.equals(WEBHOOK) && !isJson(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(request, response, declared);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            tooLarge(request, response, -1);
            return;
        }
        if (!WEBHOOK.equals(request.getRequestURI()) && utf8(request.getContentType()) && !isUtf8(body)) {
            log.info("Refused {} {}: the body is not valid UTF-8", request.getMethod(), request.getRequestURI());
            Problems.write(response, HttpStatus.BAD_REQUEST, "malformed-json", "The body is not valid UTF-8 (RFC 8259).");
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, long declared) throws IOException {
        // read (and drop) what a client still sends, within reason, so that it gets to read the answer: most HTTP
        // clients do not look for a response before they have sent their whole body
        InputStream in = request.getInputStream();
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) != -1; ) {
            drained += n;
        }
        log.info("Refused {} {}: a body of {} bytes, more than {}", request.getMethod(), request.getRequestURI(),
                declared < 0 ? "over " + maxBytes : declared, maxBytes);
        Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                "A request body may have at most " + maxBytes + " bytes.");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String mime = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return mime.equals("application/json") || mime.endsWith("+json");
    }

    /** True when the body is declared UTF-8, or declares no charset (JSON's default). */
    static boolean utf8(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int charset = type.indexOf("charset=");
        if (charset < 0) {
            return true;
        }
        String name = type.substring(charset + 8).replace("\"", "").trim();
        int end = name.indexOf(';');
        return (end < 0 ? name : name.substring(0, end)).trim().equals("utf-8");
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

}
