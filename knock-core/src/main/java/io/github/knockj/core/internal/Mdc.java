package io.github.knockj.core.internal;

import org.slf4j.MDC;

/**
 * The SLF4J MDC entries the engine sets while it works on a job, so that every line logged meanwhile
 * (by the engine, a provider or a listener) names what it was about. A scope restores on close what
 * the thread had before, so the engine can run on an application's thread (the test kit does)
 * without disturbing its MDC.
 */
public final class Mdc implements AutoCloseable {
    /** The job being executed. */
    public static final String JOB_ID = "knock.jobId";
    /** The trigger whose runs are being created or advanced. */
    public static final String TRIGGER_ID = "knock.triggerId";
    /** The run being created, advanced or announced. */
    public static final String RUN_ID = "knock.runId";
    /** The message being delivered. */
    public static final String MESSAGE_ID = "knock.messageId";

    private final String[] keys;
    private final String[] previous;

    private Mdc(String[] keys, String[] previous) {
        this.keys = keys;
        this.previous = previous;
    }

    /** Sets the given key/value pairs (a null value removes the key) until the returned scope is closed. */
    public static Mdc put(String... keysAndValues) {
        int n = keysAndValues.length / 2;
        String[] keys = new String[n];
        String[] previous = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = keysAndValues[2 * i];
            previous[i] = MDC.get(keys[i]);
            set(keys[i], keysAndValues[2 * i + 1]);
        }
        return new Mdc(keys, previous);
    }

    private static void set(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }

    /** Puts back what the keys held before. */
    @Override
    public void close() {
        for (int i = keys.length - 1; i >= 0; i--) set(keys[i], previous[i]);
    }
}
