package io.github.knockj.core.internal;

import io.github.knockj.core.spi.NotifierTracing;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Notifier's {@link NotifierTracing}, each call guarded like a listener's: whatever it throws is
 * logged at WARN and ignored (a span that failed to start is {@link NotifierTracing.Span#NONE}); only an
 * {@link OutOfMemoryError} is rethrown. {@link #enabled()} is false for {@link NotifierTracing#NONE},
 * and then the engine reads no trace context back from the store.
 */
final class Tracing {
    static final String TRIGGER = "knock.trigger";
    static final String RUN = "knock.run";
    static final String DELIVERY = "knock.delivery";

    /** Longest trace context stored with a trigger; a longer one is dropped (the trigger's runs then start new traces). */
    static final int MAX_CONTEXT_LENGTH = 1000;

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private final NotifierTracing tracing;

    Tracing(NotifierTracing tracing) {
        this.tracing = tracing;
    }

    boolean enabled() {
        return tracing != NotifierTracing.NONE;
    }

    String capture() {
        if (!enabled()) return null;
        try {
            return tracing.capture();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("tracing {} threw capturing the caller's trace; ignored", tracing.getClass().getName(), e);
            return null;
        }
    }

    /** Starts a span; never null, never throws (but an {@link OutOfMemoryError}). */
    Span start(String name, String parent, Map<String, String> low, Map<String, String> high) {
        if (!enabled()) return new Span(NotifierTracing.Span.NONE);
        try {
            NotifierTracing.Span s = tracing.start(name, parent, low, high);
            return new Span(s == null ? NotifierTracing.Span.NONE : s);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("tracing {} threw starting span {}; ignored", tracing.getClass().getName(), name, e);
            return new Span(NotifierTracing.Span.NONE);
        }
    }

    /** A started span whose calls are guarded. */
    static final class Span {
        private final NotifierTracing.Span span;

        private Span(NotifierTracing.Span span) {
            this.span = span;
        }

        String context() {
            try {
                String c = span.context();
                if (c != null && c.length() > MAX_CONTEXT_LENGTH) {
                    log.warn("span {} gave a context of {} characters, over {}; not stored", span.getClass().getName(), c.length(), MAX_CONTEXT_LENGTH);
                    return null;
                }
                return c;
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("span {} threw giving its context; ignored", span.getClass().getName(), e);
                return null;
            }
        }

        void tag(String key, String value, boolean highCardinality) {
            if (value == null) return;
            try {
                span.tag(key, value, highCardinality);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("span {} threw tagging {}; ignored", span.getClass().getName(), key, e);
            }
        }

        void end(Throwable error) {
            try {
                span.end(error);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable e) {
                log.warn("span {} threw ending; ignored", span.getClass().getName(), e);
            }
        }
    }
}
