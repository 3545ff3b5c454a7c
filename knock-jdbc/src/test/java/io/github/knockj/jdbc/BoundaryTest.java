package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** knock-jdbc is a store like any third party's: it uses core's API and SPI, never core's internals. */
class BoundaryTest {
    @Test
    void mainSourcesDoNotImportCoreInternals() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("io.github.knockj.core.internal");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }
}
