package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One meaning per name: no public type shares a simple name with a java.* type users import every
 * day, and "event" names only a message's status change ({@link MessageEvent}).
 */
class PublicNamesTest {
    private static final List<String> JAVA_PACKAGES = List.of("java.lang.", "java.util.", "java.time.", "java.io.");

    @Test
    void noPublicTypeShadowsAnEverydayJavaType() throws IOException {
        List<String> clashes;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/github/knockj/core"))) {
            clashes = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/internal/"))
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .filter(name -> !name.equals("package-info"))
                    .filter(PublicNamesTest::isJavaType)
                    .collect(Collectors.toList());
        }
        assertThat(clashes).isEmpty();
    }

    @Test
    void onlyMessageEventsAreCalledEvents() throws IOException {
        List<String> others;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/github/knockj/core"))) {
            others = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .filter(name -> name.contains("Event") && !name.equals("MessageEvent"))
                    .collect(Collectors.toList());
        }
        assertThat(others).isEmpty();
    }

    private static boolean isJavaType(String simpleName) {
        for (String pkg : JAVA_PACKAGES) {
            try {
                Class.forName(pkg + simpleName, false, ClassLoader.getPlatformClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                // not in this package
            }
        }
        return false;
    }
}
