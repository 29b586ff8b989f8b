package vn.lienthong.hub.platform.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

import vn.lienthong.hub.platform.HubProperties;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Who may call what. Systems use {@code X-API-Key}; operators use HTTP Basic on the API and Actuator and a
 * login form on the console. Operator roles nest: ADMIN ⊃ OPERATOR ⊃ VIEWER.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    /** The one-stop-shop software's API client: it registers and moves dossiers (see api.DossierController). */
    static final String ONESTOP = "CLIENT_onestop";

    /**
     * BCrypt for operators' passwords; {@code hub.security.bcrypt-strength} (default 10, BCrypt's own) is the work
     * factor: each HTTP Basic request pays it. The test context lowers it to 4, the smallest BCrypt allows, for the
     * hundreds of operator requests its access matrix makes.
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${hub.security.bcrypt-strength:10}") int strength) {
        return new BCryptPasswordEncoder(strength);
    }

    @Bean
    OperatorAccounts operatorAccounts(HubProperties hub, PasswordEncoder encoder) {
        return new OperatorAccounts(hub, encoder);
    }

    @Bean
    UserDetailsService userDetailsService(OperatorAccounts accounts) {
        return accounts.userDetailsService();
    }

    /**
     * Every path pattern of these chains matches the request's whole path (PathPattern, Spring Security 7's default):
     * the hub has servlets besides Spring MVC's (CXF at /services, Jolokia and Hawtio's under /actuator), which the
     * MVC-based default matchers misjudge once more handler mappings exist (Hawtio's) — /services/** then slipped from
     * the API chain to the console chain.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * No second handler lookup ahead of Spring MVC's. Whenever Spring MVC is present, Spring Security wraps its filter
     * chain in a filter that looks up each request's handler before Spring MVC does and keeps the result
     * ({@code HandlerMappingIntrospector#setCache}) for MVC-based request matchers and CORS. The hub uses neither: its
     * matchers are path patterns (above) and it answers no cross-origin requests. That lookup over every handler
     * mapping was 5 % of an intake request's CPU (flight recording, 2026-12-06). This puts back the chain Spring
     * Security built. {@code SecurityIT.requestsMeetNoHandlerLookupAheadOfSpringMvc} fails if a later Spring Security
     * wraps it another way.
     */
    @Bean
    static BeanFactoryPostProcessor noHandlerLookupAheadOfSpringMvc() {
        return factory -> {
            if (!(factory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(FILTER_CHAIN)) {
                return;
            }
            BeanDefinition wrapper = registry.getBeanDefinition(FILTER_CHAIN);
            if (!MVC_WRAPPER.equals(wrapper.getBeanClassName())) {
                return;
            }
            ConstructorArgumentValues.ValueHolder arg = wrapper.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
            if (arg == null || !(arg.getValue() instanceof List<?> filters)) {
                return;
            }
            List<BeanDefinition> chains = filters.stream().filter(BeanDefinition.class::isInstance)
                    .map(BeanDefinition.class::cast).filter(d -> !CACHE_FILTER.equals(d.getBeanClassName())).toList();
            if (chains.size() == 1 && filters.size() == 2) {
                registry.removeBeanDefinition(FILTER_CHAIN);
                registry.registerBeanDefinition(FILTER_CHAIN, chains.get(0));
            }
        };
    }

    private static final String FILTER_CHAIN = "springSecurityFilterChain";
    private static final String MVC_WRAPPER =
            "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    private static final String CACHE_FILTER = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

    /**
     * No observations of Spring Security itself: management.observations.enable.spring.security=false only stopped
     * them from being recorded, while every request still went through an observation wrapper around each of its
     * ~15 filters and its method authorization. Request timings come from http.server.requests.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("OPERATOR")
                .role("OPERATOR").implies("VIEWER")
                .build();
    }

    /**
     * Sandbox only: the simulated partners' own APIs ({@code POST /sandbox/<partner>/…}, everything but their
     * behaviour and messages). The hub calls them with its key at that partner, which is not a key of the hub's
     * API, so the hub's API-key filter must not see them: each simulator checks that key itself.
     */
    @Bean
    @Order(0)
    @ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true", matchIfMissing = true)
    SecurityFilterChain sandboxPartnerApiChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher partnerApi = new AndRequestMatcher(
                path.matcher(HttpMethod.POST, "/sandbox/*/**"),
                new NegatedRequestMatcher(new OrRequestMatcher(
                        path.matcher("/sandbox/*/behaviour"), path.matcher("/sandbox/*/messages"),
                        // the simulated portal's operator action (an online submission), not a partner API
                        path.matcher("/sandbox/axis/submissions"),
                        // restarting the embedded brokers is an operator's (ADMIN) action, not a partner API
                        path.matcher("/sandbox/brokers/**"))));
        http.securityMatcher(partnerApi)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /** Machine-to-machine: the REST API, the SOAP services and the sandbox partners. Stateless, no cookies. */
    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ClientRegistry clients) throws Exception {
        // path patterns on the whole path: the CXF servlet (/services/*) is not Spring MVC's, and an MVC matcher
        // would see only the path within that servlet ("/tax"), so /services/** would fall to the console chain
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/services/**"),
                        path.matcher("/sandbox/**")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(clients), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, ex) ->
                        Problems.write(res, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "Send an API key in X-API-Key, or operator credentials.")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> Problems.write(res, HttpStatus.UNAUTHORIZED,
                                "unauthenticated", "Send an API key in X-API-Key, or operator credentials."))
                        .accessDeniedHandler((req, res, ex) -> Problems.write(res, HttpStatus.FORBIDDEN,
                                "forbidden", "This client or operator may not do this.")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/api/v1/public/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/post/events").permitAll()
                        // The dossier API (api.DossierController) is decided here, not by @PreAuthorize as the rest of
                        // the API: intake and transitions carry the hub's load, and the method-security proxy with its
                        // expressions was 7 % of each such request's CPU (flight recording, 2026-12-06). Every
                        // method of each path is covered (a GET mapping answers HEAD too); a method the path does not
                        // have is a 405 for whoever may use the path and a 403 for the others.
                        .requestMatchers(HttpMethod.POST, "/api/v1/dossiers").hasAuthority(ONESTOP)
                        .requestMatchers("/api/v1/dossiers").hasAnyAuthority(ONESTOP, "ROLE_VIEWER")
                        .requestMatchers("/api/v1/dossiers/import").hasAuthority(ONESTOP)
                        .requestMatchers("/api/v1/dossiers/*/events").hasAnyAuthority(ONESTOP, "ROLE_AGENCY")
                        .requestMatchers("/api/v1/dossiers/*").hasAnyAuthority(ONESTOP, "ROLE_OPERATOR", "ROLE_AGENCY")
                        .requestMatchers(path.matcher(HttpMethod.GET, "/services/**")).permitAll() // WSDL and XSD documents
                        .requestMatchers(HttpMethod.PUT, "/sandbox/*/behaviour").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/sandbox/axis/submissions").hasRole("ADMIN")
                        .requestMatchers("/sandbox/brokers/**").hasRole("ADMIN")
                        .requestMatchers("/sandbox/**").hasRole("VIEWER")
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * Actuator: health is public (details for operators); everything else needs an operator. Hawtio
     * ({@code /actuator/hawtio}) and Jolokia ({@code /actuator/jolokia}) are never reachable anonymously: a person
     * signs in with the console's login form (the same session; a browser asking for Hawtio is sent there), a tool with
     * HTTP Basic. Any operator may look; Jolokia writes and operations that change something need OPERATOR
     * ({@code console.JolokiaGuard}, after this chain). Hawtio, running in the browser on the session, sends the
     * session's CSRF token (cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}) with every Jolokia POST; a tool with
     * HTTP Basic carries no session to ride on and sends none.
     */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher hawtio = new OrRequestMatcher(path.matcher("/actuator/hawtio"), path.matcher("/actuator/hawtio/**"));
        RequestMatcher jolokia = new OrRequestMatcher(path.matcher("/actuator/jolokia"), path.matcher("/actuator/jolokia/**"));
        RequestMatcher consoles = new OrRequestMatcher(hawtio, jolokia);
        RequestMatcher withBasic = request -> {
            String h = request.getHeader(HttpHeaders.AUTHORIZATION);
            return h != null && h.regionMatches(true, 0, "Basic ", 0, 6);
        };
        RequestMatcher browserPage = new AndRequestMatcher(hawtio, path.matcher(HttpMethod.GET, "/**"),
                request -> String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains("text/html"));
        HttpSessionRequestCache hawtioPages = new HttpSessionRequestCache();
        hawtioPages.setRequestMatcher(browserPage);
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
        entryPoints.put(browserPage, new LoginUrlAuthenticationEntryPoint("/login"));
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Lien thong Hub");
        basic.afterPropertiesSet();
        entryPoint.setDefaultEntryPoint(basic);
        // by path pattern: Jolokia is a servlet of its own, which a Spring MVC pattern would not see
        http.securityMatcher(path.matcher("/actuator/**"))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(consoleCsrfTokens())
                        .csrfTokenRequestHandler(new BrowserCsrfTokenRequestHandler(hawtio))
                        .requireCsrfProtectionMatcher(new AndRequestMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER, consoles,
                                new NegatedRequestMatcher(withBasic))))
                .httpBasic(b -> b.authenticationEntryPoint(basic))
                .requestCache(c -> c.requestCache(hawtioPages))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**")).permitAll()
                        .requestMatchers(consoles).hasRole("VIEWER")
                        .requestMatchers(path.matcher(HttpMethod.POST, "/actuator/**")).hasRole("OPERATOR")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }

    /**
     * People: the console ({@code /console}), with our own login page ({@code /login}, Vietnamese by default), a
     * session, CSRF protection on every change (forms carry the token; the console's script and Hawtio send the
     * {@code XSRF-TOKEN} cookie's value in {@code X-XSRF-TOKEN}), logout by POST. Any operator may look; acting
     * ({@code POST /console/**}) needs OPERATOR, checked again on each action.
     */
    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf
                        .csrfTokenRepository(consoleCsrfTokens())
                        .csrfTokenRequestHandler(new BrowserCsrfTokenRequestHandler(AnyRequestMatcher.INSTANCE)))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID")
                        .permitAll())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/favicon.ico", "/assets/**", "/console/assets/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/**").hasRole("OPERATOR")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }

    /** One CSRF token per session for the console and Hawtio, in a cookie the pages' scripts can read. */
    private static CookieCsrfTokenRepository consoleCsrfTokens() {
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookiePath("/");
        tokens.setCookieCustomizer(c -> c.sameSite("Strict"));
        return tokens;
    }

    /**
     * CSRF tokens for pages with scripts: a token in the header (from the cookie, as scripts and Hawtio send it) is
     * compared as it is; one in a form field is the masked token the page was rendered with (BREACH-safe). The token
     * is loaded on every request of the pages that need it, so the cookie is there for their scripts.
     */
    static final class BrowserCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();
        private final RequestMatcher eager;

        BrowserCsrfTokenRequestHandler(RequestMatcher eager) {
            this.eager = eager;
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
            masked.handle(request, response, csrfToken);
            if (eager.matches(request)) {
                csrfToken.get();
            }
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
            String header = request.getHeader(csrfToken.getHeaderName());
            return (StringUtils.hasText(header) ? plain : masked).resolveCsrfTokenValue(request, csrfToken);
        }
    }
}
