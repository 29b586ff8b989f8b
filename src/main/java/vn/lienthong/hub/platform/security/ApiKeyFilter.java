package vn.lienthong.hub.platform.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import vn.lienthong.hub.platform.web.Problems;

/** Authenticates systems by the API key in {@code X-API-Key}; a wrong key is a 401, never a fall-through. */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ClientRegistry clients;

    ApiKeyFilter(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ClientRegistry.ApiClient> client = clients.authenticate(key);
        if (client.isEmpty()) {
            log.warn("Refused API key from {} on {} {}", request.getRemoteAddr(), request.getMethod(), request.getRequestURI());
            Problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-api-key", "The API key in X-API-Key is not valid.");
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(client.get().id(), null, client.get().authorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
