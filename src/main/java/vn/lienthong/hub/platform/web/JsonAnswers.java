package vn.lienthong.hub.platform.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * JSON answers with a Content-Length, written to the socket once. Spring's Jackson converter flushes the stream
 * when it has written the value, so Tomcat sent each answer chunked, in two writes (the body, then the last chunk),
 * a tenth of a request thread's time in the profile of an intake burst. Answers are serialized into a buffer first:
 * they are small (a dossier, a page of a list, a report), and Tomcat then sends headers and body together. A stream
 * of events (Server-Sent Events) is written as before.
 */
@Configuration(proxyBeanMethods = false)
class JsonAnswers {

    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper json) {
        return new MappingJackson2HttpMessageConverter(json) {
            @Override
            protected void writeInternal(Object object, Type type, HttpOutputMessage out) throws IOException {
                if (!(out instanceof ServletServerHttpResponse)) {
                    super.writeInternal(object, type, out); // a stream of events (the console's live view): as it is
                    return;
                }
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
                super.writeInternal(object, type, new HttpOutputMessage() {
                    @Override
                    public OutputStream getBody() {
                        return buffer;
                    }

                    @Override
                    public HttpHeaders getHeaders() {
                        return out.getHeaders();
                    }
                });
                out.getHeaders().setContentLength(buffer.size());
                buffer.writeTo(out.getBody());
            }
        };
    }
}
