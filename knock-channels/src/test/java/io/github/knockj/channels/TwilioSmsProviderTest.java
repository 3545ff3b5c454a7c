package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import io.github.knockj.core.spi.OutboundMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioSmsProviderTest {
    static final String SID = "AC0123456789abcdef";
    static final String TOKEN = "twilio-auth-token-SECRET";

    final LoopbackServer server = LoopbackServer.start();
    final TwilioSmsProvider provider = TwilioSmsProvider.builder()
            .baseUrl(server.baseUrl())
            .credentials(SID, TOKEN)
            .from("+15550001111")
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    OutboundMessage sms(String phone, String text) {
        return TestMessages.of(ChannelType.SMS).field("phone_number", phone).content("text", text).build();
    }

    @Test
    void postsTheFormWithBasicAuthAndReturnsTheSid() {
        server.reply(201, "{\"sid\":\"SM9f2c\",\"status\":\"queued\"}");
        DeliveryResult r = provider.send(sms("+15557654321", "Your code is 1234 & expires soon"));

        assertThat(r.kind()).isEqualTo(Kind.SENT);
        assertThat(r.providerMessageId()).isEqualTo("SM9f2c");
        LoopbackServer.Received req = server.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(req.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(req.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(form(req.body())).containsExactly(
                Map.entry("To", "+15557654321"), Map.entry("From", "+15550001111"),
                Map.entry("Body", "Your code is 1234 & expires soon"));
    }

    @Test
    void messagingServiceAndStatusCallbackAreSentWhenSet() {
        TwilioSmsProvider service = TwilioSmsProvider.builder().baseUrl(server.baseUrl()).credentials(SID, TOKEN)
                .messagingServiceSid("MG42").statusCallback("https://app.example/twilio/status").build();
        service.send(sms("+15557654321", "hi"));
        assertThat(form(server.only().body())).containsEntry("MessagingServiceSid", "MG42")
                .containsEntry("StatusCallback", "https://app.example/twilio/status").doesNotContainKey("From");
    }

    @Test
    void invalidToNumberIsPermanentWithTwilioCode() {
        server.reply(400, "{\"code\":21211,\"message\":\"The 'To' number +1555 is not a valid phone number.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
        DeliveryResult r = provider.send(sms("+1555", "hi"));
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).contains("21211").contains("invalid To number").contains("not a valid phone number");
    }

    @Test
    void rateLimitAndServerErrorsAreRetryable() {
        server.reply(429, "{\"code\":20429,\"message\":\"Too Many Requests\"}", Map.of("Retry-After", "2")).reply(502, "");
        DeliveryResult limited = provider.send(sms("+15557654321", "hi"));
        assertThat(limited.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(provider.send(sms("+15557654321", "hi")).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void wrongCredentialsArePermanentAndNeverShowTheToken() {
        server.reply(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
        DeliveryResult r = provider.send(sms("+15557654321", "hi"));
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).contains("20003").doesNotContain(TOKEN);
        assertThat(provider.toString()).contains(SID).doesNotContain(TOKEN);
    }

    @Test
    void missingPhoneNumberOrTextIsPermanentWithoutARequest() {
        assertThat(provider.send(TestMessages.of(ChannelType.SMS).content("text", "hi").build()).reason()).contains("phone_number");
        assertThat(provider.send(sms("+15557654321", null)).kind()).isEqualTo(Kind.PERMANENT);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> TwilioSmsProvider.builder().from("+1").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> TwilioSmsProvider.builder().credentials(SID, TOKEN).build()).hasMessageContaining("from");
        assertThatThrownBy(() -> TwilioSmsProvider.builder().credentials(SID, " ")).hasMessageContaining("authToken")
                .message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> TwilioSmsProvider.builder().baseUrl("api.twilio.com")).hasMessageContaining("baseUrl");
        assertThat(TwilioSmsProvider.builder().credentials(SID, TOKEN).from("+1").build().toString())
                .contains(TwilioSmsProvider.DEFAULT_BASE_URL);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
