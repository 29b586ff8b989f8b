package vn.lienthong.hub.platform.web;

import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The hub's API ({@code /api/**}) looked up in a handler mapping of its own, ahead of the actuator's and Spring MVC's
 * (Hawtio's URL mapping of its own few paths has the same order). Spring MVC asks its handler mappings in order: the
 * actuator's (11 endpoints, order -100) came first, and for a path it does not serve it tried every one of its
 * mappings and then tried them again for a partial match before giving up; then Spring MVC's own mapping tried all of
 * the hub's 81 mappings for a path with a variable, such as a dossier's events. That lookup was 11 % of an intake
 * request's samples and 23 % of a transition's (flight recording, 2026-12-06); asking
 * {@code HttpServletRequestWrapper#getMethod} through Spring Security's request wrappers, once per mapping tried, was
 * the largest part of it.
 *
 * <p>This mapping holds the same handler methods as Spring MVC's for the paths under {@code /api/}, and only those
 * (42), so an API request meets them first and no others. Spring MVC's mapping keeps them as well: it answers nothing
 * under {@code /api/} that this one has not already answered or refused, because every {@code /api/} path is here,
 * so a wrong method or media type is refused here as Spring MVC refused it (405, 415, 406). No interceptor or CORS
 * rule of the hub applies under {@code /api/} (the console's language interceptor is for {@code /console/**}).
 */
@Configuration(proxyBeanMethods = false)
class ApiHandlerMapping {

    static final String PREFIX = "/api/";

    @Bean
    RequestMappingHandlerMapping apiRequestMappings(
            @Qualifier("mvcContentNegotiationManager") ContentNegotiationManager contentNegotiation) {
        RequestMappingHandlerMapping mapping = new Mappings();
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        mapping.setContentNegotiationManager(contentNegotiation);
        return mapping;
    }

    /** Spring MVC's request mappings of the hub's controllers, those whose every path lies under {@code /api/}. */
    static final class Mappings extends RequestMappingHandlerMapping {

        @Override
        protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
            RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
            if (info == null || info.getPathPatternsCondition() == null) {
                return null;
            }
            var paths = info.getPathPatternsCondition().getPatternValues();
            return !paths.isEmpty() && paths.stream().allMatch(p -> p.startsWith(PREFIX)) ? info : null;
        }

        /**
         * The lookup asks each mapping whether the request's method is one of its own, and for a path with a variable
         * it tries every mapping: each call went down Spring Security's and the firewall's request wrappers to Tomcat
         * (a third of the lookup's samples in a burst of dossier events, flight recording 2026-12-07). The method is
         * read once for the lookup; everything else goes to the request itself.
         */
        @Override
        protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
            return super.getHandlerInternal(new MethodReadOnce(request));
        }
    }

    /** The request, its method read once. Attributes, headers and the rest are the request's own. */
    static final class MethodReadOnce extends HttpServletRequestWrapper {
        private final String method;

        MethodReadOnce(HttpServletRequest request) {
            super(request);
            this.method = request.getMethod();
        }

        @Override
        public String getMethod() {
            return method;
        }
    }
}
