package io.github.knockj.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed job payloads: each reads back the stored form that earlier versions wrote (jobs are
 * durable), round-trips, and fails clearly, quoting the payload, on anything else.
 */
class JobPayloadsTest {
    private static final Recipient OBJECT = Recipient.object(ObjectRef.of("projects", "p1"));

    @Test
    void fanOutPagesKeepTheirStoredForm() {
        assertThat(FanOutPage.first(OBJECT).encode()).isEqualTo("projects/p1\n");
        assertThat(FanOutPage.splitterAfter(OBJECT, "u5").encode()).isEqualTo("projects/p1\nu5");
        assertThat(FanOutPage.range(OBJECT, "u5", "u9").encode()).isEqualTo("projects/p1\nu5\nu9");
        assertThat(FanOutPage.decode("projects/p1\n")).isEqualTo(FanOutPage.first(OBJECT));
        assertThat(FanOutPage.decode("projects/p1\nu5")).isEqualTo(FanOutPage.splitterAfter(OBJECT, "u5"));
        FanOutPage range = FanOutPage.decode("projects/p1\nu5\nu9");
        assertThat(range).isEqualTo(FanOutPage.range(OBJECT, "u5", "u9"));
        assertThat(range.isRange()).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "projects/p1", "u1\n", "\nu5", "projects/p1\n\nu9", "projects/p1\nu5\n", "projects/p1\nu1\nu2\nu3"})
    void aFanOutPageFailsClearlyOnGarbage(String payload) {
        assertThatThrownBy(() -> FanOutPage.decode(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a fan-out page payload");
    }

    @Test
    void batchFlushPayloadsKeepTheirStoredForm() {
        assertThat(new BatchFlushPayload("wf", "batch").encode()).isEqualTo("wf\nbatch");
        assertThat(BatchFlushPayload.decode("wf\nbatch")).isEqualTo(new BatchFlushPayload("wf", "batch"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "wf", "\nbatch"})
    void aBatchFlushPayloadFailsClearlyOnGarbage(String payload) {
        assertThatThrownBy(() -> BatchFlushPayload.decode(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a batch flush payload");
    }

    @Test
    void webhookPayloadsKeepTheirStoredForm() {
        assertThat(new WebhookPayload(1, "{\"a\":\"x\\ny\"}").encode()).isEqualTo("1\n{\"a\":\"x\\ny\"}");
        assertThat(WebhookPayload.decode("1\n{\"a\":1}\nmore")).isEqualTo(new WebhookPayload(1, "{\"a\":1}\nmore"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "{}", "x\n{}", "-1\n{}", "\n{}"})
    void aWebhookPayloadFailsClearlyOnGarbage(String payload) {
        assertThatThrownBy(() -> WebhookPayload.decode(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a webhook payload");
    }

    @Test
    void deliverPayloadsKeepTheirStoredForm() {
        assertThat(DeliverPayload.decode(null)).isEqualTo(DeliverPayload.FIRST);
        assertThat(DeliverPayload.FIRST.encode()).isNull();
        assertThat(new DeliverPayload(2).encode()).isEqualTo("2");
        assertThat(DeliverPayload.decode("2")).isEqualTo(new DeliverPayload(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "-1", "1\n2"})
    void aDeliverPayloadFailsClearlyOnGarbage(String payload) {
        assertThatThrownBy(() -> DeliverPayload.decode(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a delivery payload");
    }

    @Test
    void garbageIsQuotedShortAndOnOneLine() {
        String long_ = "x".repeat(500) + "\n";
        assertThatThrownBy(() -> WebhookPayload.decode(long_))
                .hasMessageEndingWith("...'")
                .hasMessageNotContaining("\n");
    }
}
