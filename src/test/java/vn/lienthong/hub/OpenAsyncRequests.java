package vn.lienthong.hub;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The shared test context's record of asynchronous requests (server-sent events, for one) that are still open. When
 * the context closes it names those still open just before the web server's graceful shutdown, which waits for them
 * (up to 30 s, longer than surefire waits for the test JVM to exit): a test that leaves one open is found by its
 * path and start time instead of by a thread dump.
 * <p>What it found (2026-12-06): the three {@code GET /console/api/live} streams that {@code AccessMatrixIT} opens as
 * VIEWER, OPERATOR and ADMIN (in some runs a fourth, from the browser test). The test closes each stream right after its headers; Tomcat then logs "Encountered a
 * non-recycled request and recycled it forcedly" and never completes the async request, so its count of requests in
 * progress stays up and the graceful shutdown waits its full 30 s. Ending the streams from the live feed (through
 * the emitter or the request's async context) did not change it: the request had already been recycled. Since then
 * {@code LostEventStreams} (main code) takes such streams off Tomcat's count before the graceful shutdown; this
 * record still names them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenAsyncRequests extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpenAsyncRequests.class);

    private final Map<HttpServletRequest, String> open = new ConcurrentHashMap<>();
    private volatile boolean running;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (request.isAsyncStarted()) {
            open.put(request, request.getMethod() + " " + request.getRequestURI() + " (started " + Instant.now() + ")");
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    open.remove(request);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        }
    }

    /** Open asynchronous requests, as "METHOD path (started …)". */
    public java.util.Collection<String> open() {
        return java.util.List.copyOf(open.values());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!open.isEmpty()) {
            log.warn("[open-async] {} asynchronous request(s) still open when the context closes (the web server's "
                    + "graceful shutdown waits for them): {}", open.size(), open.values());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after the stops of the default phase (the live feed ends its streams there), before the web server's
        // graceful shutdown (WebServerGracefulShutdownLifecycle: DEFAULT_PHASE - 1024)
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
