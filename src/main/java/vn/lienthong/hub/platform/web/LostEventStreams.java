package vn.lienthong.hub.platform.web;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Container;
import org.apache.catalina.core.StandardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Server-sent-event streams (the console's live view) whose client closed the connection within moments of the
 * headers are lost by Tomcat 10.1: it logs "Encountered a non-recycled request and recycled it forcedly", recycles
 * the request without completing its asynchronous processing, and so never takes it off its count of asynchronous
 * requests in progress. That count never falls back to zero, and the graceful shutdown then waits its whole 30 s at
 * every stop of the hub for streams that no longer exist. Seen in every test run, where {@code AccessMatrixIT}'s
 * Java client drops three streams as soon as it has their headers; a curl that left after a second did not cause it.
 * <p>
 * This filter notes each event stream and its completion. When the context closes, after the live feed has ended
 * its streams and before the web server's graceful shutdown, it gives them two seconds to complete; a stream whose
 * request Tomcat has recycled without completing it is then taken off Tomcat's count, with a warning. Streams
 * still alive, and every other request, are left to the graceful shutdown.
 */
@Component
class LostEventStreams extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LostEventStreams.class);
    private static final long WAIT_MS = 2000;

    /** The event streams not yet completed, each as "GET path (started …)" for the log. */
    private final Map<HttpServletRequest, String> open = new ConcurrentHashMap<>();
    private final ApplicationContext context;
    private volatile boolean running;

    LostEventStreams(ApplicationContext context) {
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        String type = response.getContentType();
        if (request.isAsyncStarted() && type != null && type.startsWith("text/event-stream")) {
            open.put(request, request.getMethod() + " " + request.getRequestURI() + " (started " + Instant.now() + ")");
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    open.remove(request);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    // completed afterwards (onComplete)
                }

                @Override
                public void onError(AsyncEvent event) {
                    // completed afterwards (onComplete)
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // not restarted
                }
            });
        }
    }

    /** Event streams are GETs; every other request passes untouched. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        long until = System.currentTimeMillis() + WAIT_MS;
        while (!open.isEmpty() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> lost = new ArrayList<>();
        for (HttpServletRequest request : List.copyOf(open.keySet())) {
            if (recycled(request)) {
                lost.add(open.remove(request));
            }
        }
        StandardContext tomcat = lost.isEmpty() ? null : tomcatContext();
        if (tomcat != null) {
            lost.forEach(l -> tomcat.decrementInProgressAsyncCount());
            log.warn("{} event stream(s) whose client went away were recycled by Tomcat without completing; taken off "
                    + "its count of requests in progress, which the graceful shutdown waits for: {}", lost.size(), lost);
        }
        if (!open.isEmpty()) {
            log.info("{} event stream(s) still open, left to the graceful shutdown: {}", open.size(), open.values());
        }
    }

    /** Tomcat has recycled the request (its facade no longer answers) or ended its asynchronous processing. */
    private static boolean recycled(HttpServletRequest request) {
        try {
            return !request.isAsyncStarted();
        } catch (IllegalStateException | NullPointerException e) {
            return true;
        }
    }

    private StandardContext tomcatContext() {
        if (context instanceof WebServerApplicationContext web && web.getWebServer() instanceof TomcatWebServer tomcat) {
            for (Container child : tomcat.getTomcat().getHost().findChildren()) {
                if (child instanceof StandardContext c) {
                    return c;
                }
            }
        }
        return null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the live feed ends its streams (default phase), before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;
    }
}
