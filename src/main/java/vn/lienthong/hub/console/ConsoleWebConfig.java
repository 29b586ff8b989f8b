package vn.lienthong.hub.console;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language — Vietnamese unless the operator chose English ({@code ?lang=en}, kept in a cookie) — and
 * the guard in front of Jolokia.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfig implements WebMvcConfigurer {

    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("hub-lang");
        resolver.setDefaultLocale(VIETNAMESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns("/console/**", "/login");
    }

    /** After Spring Security (order -100) has authenticated the request: Jolokia writes and operations need OPERATOR. */
    @Bean
    FilterRegistrationBean<JolokiaGuard> jolokiaGuard(Operators operators, OperatorAudit audit) {
        FilterRegistrationBean<JolokiaGuard> r = new FilterRegistrationBean<>(new JolokiaGuard(operators, audit));
        r.addUrlPatterns("/actuator/jolokia", "/actuator/jolokia/*", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/*");
        r.setDispatcherTypes(DispatcherType.REQUEST);
        r.setOrder(0);
        return r;
    }
}
