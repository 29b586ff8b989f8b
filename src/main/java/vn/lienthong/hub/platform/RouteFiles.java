package vn.lienthong.hub.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.AntPathMatcher;

/**
 * Expands the wildcards of {@code camel.main.routes-include-pattern} into the list of route files, before Camel
 * reads it. Inside the Spring Boot jar, Camel resolves a {@code classpath:} pattern by reading every nested jar
 * entry by entry, once per pattern: about 20 seconds of the sandbox's start-up on two cores, for a dozen files
 * that all sit in {@code BOOT-INF/classes/routes}. Spring's resolver finds them from the jar's index in
 * milliseconds, sub-directories included, and Camel loads a path without wildcards directly. Patterns of other
 * schemes ({@code file:} of an operator's own routes) are passed on as they are.
 */
public class RouteFiles implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "camel.main.routes-include-pattern";
    private static final String CLASSPATH = "classpath:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String patterns = env.getProperty(PROPERTY);
        if (patterns == null || patterns.isBlank()) {
            return;
        }
        ClassLoader loader = application.getClassLoader() != null ? application.getClassLoader()
                : RouteFiles.class.getClassLoader();
        String expanded = expand(patterns, new PathMatchingResourcePatternResolver(loader));
        if (!expanded.equals(patterns)) {
            env.getPropertySources().addFirst(new MapPropertySource("hubRouteFiles", Map.of(PROPERTY, expanded)));
        }
    }

    static String expand(String patterns, PathMatchingResourcePatternResolver resolver) {
        AntPathMatcher matcher = new AntPathMatcher();
        List<String> out = new ArrayList<>();
        for (String pattern : Arrays.stream(patterns.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList()) {
            if (!pattern.startsWith(CLASSPATH) || !matcher.isPattern(pattern.substring(CLASSPATH.length()))) {
                out.add(pattern);
                continue;
            }
            String path = pattern.substring(CLASSPATH.length());
            String root = rootDir(path);
            TreeSet<String> files = new TreeSet<>();
            try {
                Resource rootDir = resolver.getResource(CLASSPATH + root);
                if (!rootDir.exists()) {
                    continue;
                }
                String rootUrl = rootDir.getURL().toString();
                for (Resource r : resolver.getResources(pattern)) {
                    String url = r.getURL().toString();
                    if (r.isReadable() && url.startsWith(rootUrl)) {
                        files.add(CLASSPATH + root + URLDecoder.decode(url.substring(rootUrl.length()), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the route files of " + pattern, e);
            }
            out.addAll(files);
        }
        return String.join(",", out);
    }

    /** The part of a pattern before its first wildcard segment, e.g. {@code routes/} of {@code routes/**}{@code /*.yaml}. */
    private static String rootDir(String path) {
        int wildcard = path.length();
        for (char c : new char[] {'*', '?', '{'}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                wildcard = Math.min(wildcard, i);
            }
        }
        return path.substring(0, path.lastIndexOf('/', wildcard) + 1);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
