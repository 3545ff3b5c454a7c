package io.github.knockj.jdbc.internal;

import java.util.regex.Pattern;

/**
 * Removes credentials from text that may hold a JDBC URL — an exception message, a log line —
 * before knock prints it: the password of a URL's user-info ({@code //user:secret@host}, also where
 * a driver's message quotes only {@code user:secret@host}) and the
 * value of every query or {@code ;}-separated parameter named like a secret ({@code password},
 * {@code pwd}, {@code secret}, {@code token}, {@code key}, any case, e.g. PostgreSQL's
 * {@code ?password=} or H2's {@code ;PASSWORD=}) become {@code ***}.
 */
public final class Redact {
    /** What a redacted credential reads as. */
    public static final String MASK = "***";
    private static final Pattern USER_INFO = Pattern.compile("([^/?#@\\s:;]*:)[^/?#@\\s;]+@");
    private static final Pattern PARAMETER = Pattern.compile(
            "([?&;]\\s*[\\w.\\-]*(?:password|passwd|pwd|secret|token|key)[\\w.\\-]*\\s*=)[^&;\\s]*", Pattern.CASE_INSENSITIVE);

    private static final int MAX_CAUSES = 20;

    private Redact() {}

    /** {@code text} with every credential of a URL in it replaced by {@value #MASK}; null stays null. */
    public static String credentials(String text) {
        if (text == null) return null;
        String s = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return PARAMETER.matcher(s).replaceAll("$1" + MASK);
    }

    /**
     * {@code e} if no message in its cause chain holds a credential; otherwise a stand-in that says the
     * same with credentials redacted (the class name of each cause kept in the message) and keeps
     * {@code e}'s stack trace, so that logging the exception's chain prints no secret either.
     */
    public static Throwable credentials(Throwable e) {
        boolean leaks = false;
        int depth = 0;
        for (Throwable t = e; t != null && !leaks && depth++ < MAX_CAUSES; t = t.getCause()) {
            String m = t.getMessage();
            leaks = m != null && !m.equals(credentials(m));
        }
        if (!leaks) return e;
        StringBuilder chain = new StringBuilder();
        depth = 0;
        for (Throwable t = e; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if (chain.length() > 0) chain.append("; caused by ");
            chain.append(t.getClass().getName()).append(": ").append(credentials(t.getMessage()));
        }
        RuntimeException standIn = new RuntimeException(chain.toString());
        standIn.setStackTrace(e.getStackTrace());
        return standIn;
    }
}
