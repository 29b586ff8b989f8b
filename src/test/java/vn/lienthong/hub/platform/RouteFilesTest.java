package vn.lienthong.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The route files Camel is given are exactly the files under routes/, each without a wildcard. */
class RouteFilesTest {

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    @Test
    void aClasspathPatternBecomesTheListOfEveryFlowFile() throws IOException {
        List<String> expected;
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            expected = files.filter(f -> f.toString().endsWith(".camel.yaml"))
                    .map(f -> "classpath:" + f.toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(expected).hasSizeGreaterThan(5);

        String expanded = RouteFiles.expand("classpath:routes/**/*.camel.yaml", resolver);

        assertThat(Arrays.asList(expanded.split(","))).containsExactlyElementsOf(expected);
        assertThat(expanded).doesNotContain("*");
    }

    @Test
    void otherPatternsArePassedOnAsTheyAre() {
        assertThat(RouteFiles.expand("file:/etc/hub/routes/*.yaml, classpath:routes/dossier/dossier-events.camel.yaml",
                resolver)).isEqualTo("file:/etc/hub/routes/*.yaml,classpath:routes/dossier/dossier-events.camel.yaml");
        assertThat(RouteFiles.expand("classpath:nothing-here/**/*.yaml", resolver)).isEmpty();
    }
}
