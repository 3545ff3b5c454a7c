package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.knockj.channels.SmtpEmailProvider.TlsMode;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import io.github.knockj.core.spi.OutboundMessage;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpEmailProviderTest {
    static final String PASSWORD = "smtp-PASSWORD-secret";

    GreenMail greenMail;

    @BeforeEach
    void startServer() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stopServer() {
        greenMail.stop();
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    SmtpEmailProvider.Builder plain() {
        return SmtpEmailProvider.builder().host("127.0.0.1").port(port()).tls(TlsMode.NONE)
                .from("Acme <notify@acme.example>").connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    static TestMessages email() {
        return TestMessages.of(ChannelType.EMAIL).field("email", "ana@example.com").field("name", "Ana Lima");
    }

    @Test
    void sendsMultipartAlternativeWithHeadersTheServerReceives() throws Exception {
        SmtpEmailProvider provider = plain().replyTo("support@acme.example")
                .listUnsubscribe("unsubscribe_url", true)
                .header("X-Workflow", m -> m.message().workflowKey())
                .header("X-Absent", m -> null)
                .build();
        OutboundMessage m = email().content("subject", "Welcome, Ana — ünïcode")
                .content("text", "Hello Ana").content("html", "<p>Hello <b>Ana</b></p>")
                .data("unsubscribe_url", "https://acme.example/u/123").build();

        DeliveryResult r = provider.send(m);

        assertThat(r.kind()).isEqualTo(Kind.SENT);
        assertThat(r.providerMessageId()).isEqualTo("<msg_01@acme.example>");
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("Welcome, Ana — ünïcode");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("notify@acme.example");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Acme");
        assertThat(((InternetAddress) mail.getReplyTo()[0]).getAddress()).isEqualTo("support@acme.example");
        InternetAddress to = (InternetAddress) mail.getAllRecipients()[0];
        assertThat(to.getAddress()).isEqualTo("ana@example.com");
        assertThat(to.getPersonal()).isEqualTo("Ana Lima");
        assertThat(mail.getMessageID()).isEqualTo("<msg_01@acme.example>");
        assertThat(mail.getHeader("X-Idempotency-Key", null)).isEqualTo("msg_01");
        assertThat(mail.getHeader("List-Unsubscribe", null)).isEqualTo("<https://acme.example/u/123>");
        assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mail.getHeader("X-Workflow", null)).isEqualTo("welcome");
        assertThat(mail.getHeader("X-Absent")).isNull();

        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Hello Ana");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip()).isEqualTo("<p>Hello <b>Ana</b></p>");
    }

    @Test
    void retriesCarryTheSameMessageId() {
        SmtpEmailProvider provider = plain().build();
        provider.send(email().content("subject", "s").content("text", "t").attempt(1).build());
        provider.send(email().content("subject", "s").content("text", "t").attempt(2).build());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(messageId(received[0])).isEqualTo(messageId(received[1]));
    }

    @Test
    void textOnlyIsASinglePlainPartWithoutListUnsubscribeWhenDataHasNoUrl() throws Exception {
        plain().listUnsubscribe("unsubscribe_url", false).build().send(email().content("subject", "s").content("text", "only text").build());
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getContentType()).startsWith("text/plain");
        assertThat(((String) mail.getContent()).strip()).isEqualTo("only text");
        assertThat(mail.getHeader("List-Unsubscribe")).isNull();
        assertThat(mail.getReplyTo()[0].toString()).contains("notify@acme.example");
    }

    @Test
    void authenticatesWithCredentials() throws Exception {
        greenMail.setUser("notify@acme.example", "notify", PASSWORD);
        DeliveryResult ok = plain().credentials("notify", PASSWORD).build().send(email().content("subject", "s").content("text", "t").build());
        assertThat(ok.kind()).isEqualTo(Kind.SENT);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void wrongPasswordIsPermanentAndTheReasonNeverShowsIt() {
        greenMail.setUser("notify@acme.example", "notify", "the-right-one");
        SmtpEmailProvider provider = plain().credentials("notify", PASSWORD).build();
        DeliveryResult r = provider.send(email().content("subject", "s").content("text", "t").build());
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).contains("535").doesNotContain(PASSWORD);
        assertThat(provider.toString()).contains("auth=true").doesNotContain(PASSWORD).doesNotContain("notify,");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void stoppedServerIsRetryable() {
        SmtpEmailProvider provider = plain().build();
        greenMail.stop();
        DeliveryResult r = provider.send(email().content("subject", "s").content("text", "t").build());
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.reason()).containsIgnoringCase("connect");
    }

    @Test
    void serverThatNeverGreetsIsRetryableWithinTheReadTimeout() throws Exception {
        try (ServerSocket silent = LoopbackServer.silentServer()) {
            SmtpEmailProvider provider = plain().port(silent.getLocalPort()).readTimeout(Duration.ofMillis(500)).build();
            long start = System.nanoTime();
            DeliveryResult r = provider.send(email().content("subject", "s").content("text", "t").build());
            assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void invalidAddressOrMissingBodyIsPermanentWithoutSending() {
        SmtpEmailProvider provider = plain().build();
        DeliveryResult badAddress = provider.send(TestMessages.of(ChannelType.EMAIL).field("email", "not an address")
                .content("text", "t").build());
        assertThat(badAddress.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(badAddress.reason()).contains("invalid recipient address");
        assertThat(provider.send(TestMessages.of(ChannelType.EMAIL).content("text", "t").build()).reason()).contains("no email");
        assertThat(provider.send(email().content("subject", "only a subject").build()).reason()).contains("nothing to send");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void headerValueWithALineBreakIsRejectedAsHeaderInjection() {
        SmtpEmailProvider provider = plain().header("X-Campaign", m -> "a\r\nBcc: victim@example.com").build();
        DeliveryResult r = provider.send(email().content("text", "t").build());
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).contains("line break");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendsOverImplicitTls() throws Exception {
        GreenMail smtps = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        smtps.start();
        try {
            SmtpEmailProvider provider = SmtpEmailProvider.builder().host("127.0.0.1").port(smtps.getSmtps().getPort())
                    .tls(TlsMode.SSL).from("notify@acme.example")
                    .property("mail.smtp.ssl.trust", "127.0.0.1")
                    .property("mail.smtp.ssl.checkserveridentity", "false")
                    .build();
            assertThat(provider.send(email().content("subject", "tls").content("text", "t").build()).kind()).isEqualTo(Kind.SENT);
            assertThat(smtps.getReceivedMessages()[0].getSubject()).isEqualTo("tls");
        } finally {
            smtps.stop();
        }
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> SmtpEmailProvider.builder().from("a@b.example").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().host("h").build()).hasMessageContaining("from");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().from("not an address")).hasMessageContaining("from");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().from("a@b.example, c@d.example")).hasMessageContaining("one address");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().port(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().credentials("u", "")).hasMessageContaining("password");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().readTimeout(Duration.ZERO)).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().header("Bad Name", m -> "x")).hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().header("Subject", m -> "x")).hasMessageContaining("Subject");
        assertThatThrownBy(() -> SmtpEmailProvider.builder().property("smtp.host", "x")).hasMessageContaining("mail.");
        assertThat(SmtpEmailProvider.builder().host("h").from("a@b.example").build().toString())
                .contains("port=587").contains("tls=STARTTLS");
    }

    static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
