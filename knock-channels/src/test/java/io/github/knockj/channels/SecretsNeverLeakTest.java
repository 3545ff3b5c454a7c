package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Passwords, tokens, signing secrets and secret webhook URLs never show in a provider's toString,
 * its failure reasons or its log output (captured at DEBUG), even when every send fails.
 */
class SecretsNeverLeakTest {
    static final String SMTP_PASSWORD = "S3cr3t-smtp-pw";
    static final String TWILIO_TOKEN = "S3cr3t-twilio-token";
    static final String FCM_TOKEN = "S3cr3t-fcm-access-token";
    static final String SIGNING_SECRET = "S3cr3t-signing-key";
    static final String URL_SECRET = "S3cr3t-url-part";
    static final List<String> SECRETS = List.of(SMTP_PASSWORD, TWILIO_TOKEN, FCM_TOKEN, SIGNING_SECRET, URL_SECRET);

    final LoopbackServer server = LoopbackServer.start();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger("io.github.knockj.channels");
    GreenMail greenMail;

    @BeforeEach
    void setUp() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.DEBUG);
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        greenMail.setUser("notify@acme.example", "notify", "another-password");
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
        greenMail.stop();
        server.close();
    }

    @Test
    void failingProvidersNeverShowTheirSecrets() {
        String closed = "http://127.0.0.1:" + LoopbackServer.closedPort();
        List<ChannelProvider> providers = List.of(
                SmtpEmailProvider.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort()).tls(SmtpEmailProvider.TlsMode.NONE)
                        .credentials("notify", SMTP_PASSWORD).from("notify@acme.example").build(),
                TwilioSmsProvider.builder().baseUrl(server.baseUrl()).credentials("AC1", TWILIO_TOKEN).from("+1555").build(),
                FcmPushProvider.builder().baseUrl(server.baseUrl()).projectId("p").accessToken(() -> FCM_TOKEN).build(),
                FcmPushProvider.builder().baseUrl(server.baseUrl()).projectId("p")
                        .accessToken(() -> { throw new IllegalStateException("no token"); }).build(),
                WebhookProvider.builder().signingSecret(SIGNING_SECRET).defaultUrl(closed + "/hooks/" + URL_SECRET)
                        .requestTimeout(Duration.ofSeconds(2)).build(),
                SlackProvider.builder().defaultUrl(server.url("/services/" + URL_SECRET)).build());
        server.reply(401, "{\"code\":20003,\"message\":\"Authenticate\"}")
                .reply(401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}")
                .reply(404, "no_service");

        List<String> seen = new ArrayList<>();
        for (ChannelProvider p : providers) {
            seen.add(p.toString());
            DeliveryResult r = p.send(TestMessages.of(p.type()).field("email", "ana@example.com").field("phone_number", "+15551234567")
                    .content("subject", "s").content("text", "t").content("title", "t")
                    .channelData("tokens", List.of("device-1")).build());
            assertThat(r.isSuccess()).as(p.name()).isFalse();
            seen.add(r.reason());
        }
        for (ILoggingEvent e : logs.list) {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) seen.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        assertThat(logs.list).as("something was logged").isNotEmpty();
        for (String s : seen) {
            for (String secret : SECRETS) assertThat(s).doesNotContain(secret);
        }
    }
}
