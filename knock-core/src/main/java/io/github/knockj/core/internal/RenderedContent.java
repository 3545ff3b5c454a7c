package io.github.knockj.core.internal;

/**
 * A layout's {@code content}: the step's field as its template rendered it, outputs escaped
 * already, so printed as it is ({@code {{ content }}}) rather than escaped a second time. Filters
 * see its text (liqp reads values through {@code toString}), and what they return is escaped like
 * any other value. Trigger data and variables are JSON, so no template value can pose as one.
 */
record RenderedContent(String text) {
    @Override
    public String toString() {
        return text;
    }
}
