package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No public type shares a simple name with a java.* type users import every day. */
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
