package vn.lienthong.hub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Reads {@link JsonBody} parameters and writes {@link JsonAnswer}s, for the API's busiest endpoints. Spring MVC read a
 * {@code @RequestBody} by asking each of its message converters whether it could (parsing the Content-Type each time)
 * and then its body advice, and wrote a {@code ResponseEntity} by asking its return value handlers in turn, then its
 * converters, after content negotiation: 40 % of a request thread's samples for a dossier event at 500/s, more than the
 * controller's own work (flight recording, 2026-12-07). The mapping still checks the method, the Content-Type
 * ({@code consumes}) and the Accept header ({@code produces}) first; exceptions still go to {@link ApiExceptionHandler}.
 */
@Configuration(proxyBeanMethods = false)
class JsonExchange implements WebMvcConfigurer {

    private final ObjectMapper json;

    JsonExchange(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new BodyReader(json)); // after Spring's own: none of them takes a parameter marked @JsonBody
    }

    /**
     * The answers' writer goes first among the return value handlers: after Spring's own it would never be asked, since
     * the one for {@code @ResponseBody} takes any value of a {@code @RestController}.
     */
    @Bean
    static SmartInitializingSingleton jsonAnswersFirst(ObjectProvider<RequestMappingHandlerAdapter> adapters,
            ObjectProvider<ObjectMapper> json) {
        return () -> adapters.orderedStream().forEach(adapter -> {
            List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
            handlers.add(new AnswerWriter(json.getObject()));
            handlers.addAll(adapter.getReturnValueHandlers());
            adapter.setReturnValueHandlers(handlers);
        });
    }

    /** A {@link JsonBody}: the same tree, refusals and text rules as {@code @RequestBody JsonNode}. */
    static final class BodyReader implements HandlerMethodArgumentResolver {
        private final ObjectReader reader;

        BodyReader(ObjectMapper json) {
            this.reader = json.readerFor(JsonNode.class);
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.hasParameterAnnotation(JsonBody.class) && parameter.getParameterType() == JsonNode.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                WebDataBinderFactory binders) throws IOException {
            HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
            PushbackInputStream in = new PushbackInputStream(http.getInputStream());
            int first = in.read();
            if (first == -1) {
                // Spring MVC's words for a required body that is missing
                throw new HttpMessageNotReadableException("Required request body is missing: "
                        + parameter.getExecutable().toGenericString(), new ServletServerHttpRequest(http));
            }
            in.unread(first);
            JsonNode body;
            try (InputStream stream = in) {
                body = reader.readValue(stream);
            } catch (JacksonException e) {
                throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                        new ServletServerHttpRequest(http));
            }
            return TextBodyAdvice.checked(body);
        }
    }

    /** A {@link JsonAnswer}, serialized into one buffer and sent with its length. */
    static final class AnswerWriter implements HandlerMethodReturnValueHandler {
        private final ObjectMapper json;

        AnswerWriter(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return returnType.getParameterType() == JsonAnswer.class;
        }

        @Override
        public void handleReturnValue(Object value, MethodParameter returnType, ModelAndViewContainer mav,
                NativeWebRequest request) throws IOException {
            mav.setRequestHandled(true);
            JsonAnswer answer = (JsonAnswer) value;
            byte[] bytes = json.writeValueAsBytes(answer.body()); // before anything is set: a failure is still a 500 problem
            HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
            response.setStatus(answer.status().value());
            if (answer.location() != null) {
                response.setHeader(HttpHeaders.LOCATION, answer.location().toASCIIString());
            }
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
