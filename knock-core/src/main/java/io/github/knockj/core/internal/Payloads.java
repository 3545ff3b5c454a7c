package io.github.knockj.core.internal;

/** What the job payload records share. */
final class Payloads {
    private static final int QUOTED = 200;

    private Payloads() {}

    /** A payload for an error message: quoted, cut to a readable length, null as null. */
    static String quote(String payload) {
        if (payload == null) return "null";
        String shown = payload.length() > QUOTED ? payload.substring(0, QUOTED) + "..." : payload;
        return "'" + shown.replace("\n", "\\n") + "'";
    }
}
