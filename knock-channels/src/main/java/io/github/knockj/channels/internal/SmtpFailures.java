package io.github.knockj.channels.internal;

import io.github.knockj.core.spi.DeliveryResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Classifies a failed SMTP send. Not a public API.
 * <ul>
 *   <li>an SMTP reply code 4xx (greylisting, mailbox busy, 421 service unavailable): retryable;
 *   <li>an SMTP reply code 5xx (unknown user, relaying denied, authentication failed): permanent;
 *   <li>no connection, a dropped connection, a timeout: retryable;
 *   <li>anything else: retryable (an unknown failure is more often transient than not).
 * </ul>
 */
public final class SmtpFailures {
    private SmtpFailures() {}

    /** The result for {@code e}; {@code secrets} (password, user name) are masked in the reason. */
    public static DeliveryResult classify(MessagingException e, String... secrets) {
        int code = replyCode(e);
        String reason = Text.redact("SMTP " + (code > 0 ? code + " " : "") + describe(e), secrets);
        if (code >= 500) return DeliveryResult.permanent(reason);
        return DeliveryResult.retryable(reason, null);
    }

    /** The first SMTP reply code found in {@code e}'s chain, or 0. */
    static int replyCode(MessagingException e) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = next(t)) {
            if (t instanceof SMTPAddressFailedException a) return a.getReturnCode();
            if (t instanceof SMTPSenderFailedException s) return s.getReturnCode();
            if (t instanceof SMTPSendFailedException s) return s.getReturnCode();
            if (t instanceof MailConnectException || t instanceof IOException) return 0;
            if (t instanceof AuthenticationFailedException) return leadingCode(t.getMessage());
        }
        if (e instanceof SendFailedException) return 0;
        return leadingCode(e.getMessage());
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) return m.getNextException();
        return t.getCause();
    }

    /** A reply code at the start of a server reply such as "535 5.7.8 Authentication failed", or 0. */
    private static int leadingCode(String message) {
        if (message == null) return 0;
        String m = message.strip();
        if (m.length() >= 3 && m.substring(0, 3).chars().allMatch(Character::isDigit)
                && (m.length() == 3 || !Character.isDigit(m.charAt(3)))) {
            int code = Integer.parseInt(m.substring(0, 3));
            return code >= 200 && code < 600 ? code : 0;
        }
        return 0;
    }

    /** The exception and its nested exceptions, innermost last, in one line. */
    private static String describe(MessagingException e) {
        StringBuilder sb = new StringBuilder(Text.describe(e));
        Set<Throwable> seen = new HashSet<>();
        seen.add(e);
        for (Throwable t = next(e); t != null && seen.add(t) && sb.length() < 600; t = next(t)) {
            sb.append(" <- ").append(Text.describe(t));
        }
        return Text.truncate(sb.toString(), 800);
    }
}
