package vn.lienthong.hub.api;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * A JSON answer of a controller, written by {@link JsonExchange}: its status, its Location if any, and its body
 * serialized by the hub's ObjectMapper into one buffer and sent with its Content-Length, as {@code JsonAnswers} sends
 * the others. The API's busiest endpoints answer with it: a {@code ResponseEntity} went through Spring MVC's choice
 * among its return value handlers and message converters, and its content negotiation, on each request.
 */
record JsonAnswer(HttpStatus status, URI location, Object body) {

    static JsonAnswer ok(Object body) {
        return new JsonAnswer(HttpStatus.OK, null, body);
    }
}
