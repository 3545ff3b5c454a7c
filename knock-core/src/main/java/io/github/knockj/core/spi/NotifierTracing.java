package io.github.knockj.core.spi;

import java.util.Map;

/**
 * Times the engine's work as spans of one trace per notification: {@code knock.trigger} on the
 * caller's thread when a trigger is accepted, {@code knock.run} each time a run's steps execute, and
 * {@code knock.delivery} around each provider call. A trigger's runs and deliveries execute later, on
 * worker threads and possibly on other instances, so the engine keeps no span in memory: it stores
 * the trigger span's {@link Span#context() context}, an opaque string (a W3C {@code traceparent},
 * say), with the trigger, and names it as the parent of the run and delivery spans.
 *
 * <p>Set with {@code Notifier.Builder.tracing}; if unset, {@link #NONE}, and the engine reads no
 * trace context back. Whatever an implementation throws is logged at WARN and ignored, like a
 * {@link NotifierListener}'s exceptions. knock-micrometer's {@code KnockObservations} implements it
 * over Micrometer Observations.
 */
public interface NotifierTracing {
    /** Tracing that records nothing; the engine then skips reading trace contexts back. */
    NotifierTracing NONE = new NotifierTracing() {
        @Override
        public Span start(String name, String parentContext, Map<String, String> lowCardinalityTags, Map<String, String> highCardinalityTags) {
            return Span.NONE;
        }
    };

    /**
     * The context of the caller's current trace, called on the caller's thread as a trigger is
     * accepted, to become the parent of its {@code knock.trigger} span. This default has none.
     *
     * @return an opaque propagation string, or null if the caller is in no trace
     */
    default String capture() {
        return null;
    }

    /**
     * Starts a span.
     *
     * @param name {@code knock.trigger}, {@code knock.run} or {@code knock.delivery}
     * @param parentContext the parent's {@link Span#context() context} as given by {@link #capture()} or
     *                      stored with the trigger, or null to start a new trace
     * @param lowCardinalityTags tags with few values (workflow, channel, provider)
     * @param highCardinalityTags tags with a value per notification (trigger, run and message ids)
     * @return the started span; the engine ends it exactly once
     */
    Span start(String name, String parentContext, Map<String, String> lowCardinalityTags, Map<String, String> highCardinalityTags);

    /** A started span. */
    interface Span {
        /** A span that records nothing and has no context. */
        Span NONE = new Span() {
            @Override
            public String context() {
                return null;
            }

            @Override
            public void tag(String key, String value, boolean highCardinality) {}

            @Override
            public void end(Throwable error) {}
        };

        /**
         * This span's context as a propagation string, stored so that later spans can name it as their
         * parent.
         *
         * @return an opaque propagation string of at most 1000 characters (a longer one is not stored),
         *         or null if spans cannot be parented on this one
         */
        String context();

        /**
         * Adds a tag known only once the work is under way (the trigger id, a provider's result).
         *
         * @param key the tag key
         * @param value the tag value
         * @param highCardinality whether the value varies per notification
         */
        void tag(String key, String value, boolean highCardinality);

        /**
         * Ends the span.
         *
         * @param error what the work failed with, or null if it succeeded
         */
        void end(Throwable error);
    }
}
