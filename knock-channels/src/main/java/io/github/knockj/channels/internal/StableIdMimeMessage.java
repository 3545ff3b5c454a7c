package io.github.knockj.channels.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose {@code Message-ID} is fixed in advance instead of made up on every save, so
 * every attempt of one notification carries the same id and receivers can discard duplicates.
 * Not a public API.
 */
public final class StableIdMimeMessage extends MimeMessage {
    private final String messageId;

    /** A message for {@code session} with {@code Message-ID} {@code messageId} (with angle brackets). */
    public StableIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    /** {@code <key@domain>} with characters not allowed in a message id replaced by '-'. */
    public static String messageId(String key, String domain) {
        String local = key.replaceAll("[^A-Za-z0-9._+-]", "-");
        String host = domain == null || domain.isBlank() ? "knockj.local" : domain.replaceAll("[^A-Za-z0-9.-]", "-");
        return "<" + local + "@" + host + ">";
    }
}
