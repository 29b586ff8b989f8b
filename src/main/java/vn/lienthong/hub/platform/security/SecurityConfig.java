package vn.lienthong.hub.platform.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import vn.lienthong.hub.platform.HubProperties;
import vn.lienthong.hub.platform.web.Problems;

/**
 * Who may call what. Systems use {@code X-API-Key}; operators use HTTP Basic on the API and Actuator and a
 * login form on the console. Operator roles nest: ADMIN ⊃ OPERATOR ⊃ VIEWER.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    OperatorAccounts operatorAccounts(HubProperties hub, PasswordEncoder encoder) {
        return new OperatorAccounts(hub, encoder);
    }

    @Bean
    UserDetailsService userDetailsService(OperatorAccounts accounts) {
        return accounts.userDetailsService();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("OPERATOR")
                .role("OPERATOR").implies("VIEWER")
                .build();
    }

    /** Machine-to-machine: the REST API, the SOAP services and the sandbox partners. Stateless, no cookies. */
    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ClientRegistry clients) throws Exception {
        http.securityMatcher("/api/**", "/services/**", "/sandbox/**")
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
                        .requestMatchers(HttpMethod.GET, "/services/**").permitAll() // WSDL and XSD documents
                        .requestMatchers("/sandbox/**").hasRole("VIEWER")
                        .anyRequest().authenticated());
        return http.build();
    }

    /** Actuator: health is public (details for operators); everything else needs an operator. */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.ignoringRequestMatchers("/actuator/**"))
                .httpBasic(b -> { })
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/actuator/**").hasRole("OPERATOR")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }

    /** People: the console, with a login form, a session and CSRF protection. */
    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        http.formLogin(f -> f.defaultSuccessUrl("/console", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/favicon.ico", "/assets/**").permitAll()
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }
}
