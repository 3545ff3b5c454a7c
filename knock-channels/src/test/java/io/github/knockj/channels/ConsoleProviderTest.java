package io.github.knockj.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.DeliveryResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleProviderTest {

    @Test
    void printsEveryContentFieldAndReportsDelivered() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProvider provider = ConsoleProvider.builder(ChannelType.EMAIL).printTo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();

        DeliveryResult r = provider.send(TestMessages.of(ChannelType.EMAIL).field("email", "ana@example.com")
                .content("subject", "Welcome").content("text", "Hello\nAna").build());

        assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
        assertThat(r.providerMessageId()).isEqualTo("msg_01");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("[email-main EMAIL] welcome/step-1 message msg_01 attempt 1 to user-1")
                .contains("email=ana@example.com").contains("subject: Welcome").contains("text: Hello").contains("    Ana");
        assertThat(provider.type()).isEqualTo(ChannelType.EMAIL);
        assertThat(provider.name()).isEqualTo("console-email");
    }

    @Test
    void showsChannelDataKeysButNeverTheirValues() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProvider provider = ConsoleProvider.builder(ChannelType.PUSH).name("dev-push")
                .printTo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
        provider.send(TestMessages.of(ChannelType.PUSH).content("title", "t").channelData("tokens", List.of("device-token-SECRET")).build());
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("channel data keys [tokens]").doesNotContain("device-token-SECRET");
        assertThat(provider.name()).isEqualTo("dev-push");
    }

    @Test
    void onlyLogsWhenNoStreamIsGiven() {
        assertThat(ConsoleProvider.of(ChannelType.SMS).send(TestMessages.of(ChannelType.SMS).content("text", "hi").build()).isSuccess()).isTrue();
        assertThatThrownBy(() -> ConsoleProvider.of(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> ConsoleProvider.builder(ChannelType.SMS).printTo(null)).hasMessageContaining("printTo");
    }
}
