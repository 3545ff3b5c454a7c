package io.github.knockj.channels.internal;

/** Small string helpers for failure reasons. Not a public API. */
public final class Text {
    /** How much of a response body a failure reason quotes. */
    public static final int MAX_QUOTED_BODY = 300;

    private Text() {}

    /**
     * {@code s} cut to {@code max} characters (with an ellipsis) and made printable: line breaks and
     * tabs become spaces, other control characters (the NULs of a binary body, say) U+FFFD, so that a
     * reason can be logged and stored anywhere; "" for null.
     */
    public static String truncate(String s, int max) {
        if (s == null) return "";
        String flat = printable(s).strip();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    private static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c)) continue;
            if (out == null) out = new StringBuilder(s);
            out.setCharAt(i, c == '\r' || c == '\n' || c == '\t' ? ' ' : '\uFFFD');
        }
        return out == null ? s : out.toString();
    }

    /** {@code s} with every occurrence of each non-blank secret replaced by {@code ***}. */
    public static String redact(String s, String... secrets) {
        if (s == null) return null;
        String out = s;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) out = out.replace(secret, "***");
        }
        return out;
    }

    /** An exception's class and message, for a failure reason. */
    public static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + truncate(msg, MAX_QUOTED_BODY));
    }
}
