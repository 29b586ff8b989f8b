package vn.lienthong.hub.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JSON request body as a tree, read by {@link JsonExchange}: what {@code @RequestBody JsonNode} gives (the hub's
 * ObjectMapper, the same refusals, {@link TextBodyAdvice}'s checks and NFC) without Spring MVC's search through its
 * message converters and body advice on each request. For the API's busiest endpoints: a dossier's intake and its
 * events.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface JsonBody {
}
