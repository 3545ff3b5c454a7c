/**
 * Channel providers for knock: {@link io.github.knockj.channels.SmtpEmailProvider} (email over SMTP),
 * {@link io.github.knockj.channels.WebhookProvider} (signed JSON webhooks),
 * {@link io.github.knockj.channels.SlackProvider} (Slack-compatible incoming webhooks),
 * {@link io.github.knockj.channels.TwilioSmsProvider} (SMS through a Twilio-compatible API),
 * {@link io.github.knockj.channels.FcmPushProvider} (push through FCM HTTP v1) and
 * {@link io.github.knockj.channels.ConsoleProvider} (logs messages, for development).
 *
 * <p>Every provider is built once with a builder that fails fast on bad settings, is immutable and
 * thread-safe, never throws from {@code send} (every failure is classified as retryable, permanent or
 * an invalid token), and never shows a password, token or secret in {@code toString}, logs or
 * failure reasons. Arguments and results are non-null unless documented otherwise.
 */
package io.github.knockj.channels;
