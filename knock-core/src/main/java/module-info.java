/**
 * knock's core: the public API ({@code io.github.knockj.core}), the service provider interface for
 * stores and channels ({@code io.github.knockj.core.spi}) and the in-memory store
 * ({@code io.github.knockj.core.memory}). The engine ({@code io.github.knockj.core.internal}) is not
 * exported.
 */
@SuppressWarnings("requires-automatic") // liqp below: its manifest names it, so the name is stable
module io.github.knockj.core {
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    // not used by knock directly: liqp's TemplateParser.Builder.build() registers Jackson's
    // JavaTimeModule. Required here so that it is in the module graph however the application is
    // launched (with java -m it also comes in by service binding: jackson-databind uses Module)
    requires com.fasterxml.jackson.datatype.jsr310;
    // Liquid templates: an automatic module, named "liqp" by the Automatic-Module-Name of its manifest
    requires liqp;
    requires java.management;
    requires java.net.http;

    exports io.github.knockj.core;
    exports io.github.knockj.core.spi;
    exports io.github.knockj.core.memory;
}
