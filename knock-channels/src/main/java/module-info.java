/**
 * knock's reference channel providers: SMTP email, Slack-compatible chat, Twilio-compatible SMS,
 * FCM push, signed webhooks and the console, in {@code io.github.knockj.channels}. Their internals
 * ({@code io.github.knockj.channels.internal}) are not exported.
 */
module io.github.knockj.channels {
    requires transitive io.github.knockj.core;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires java.net.http;

    exports io.github.knockj.channels;
}
