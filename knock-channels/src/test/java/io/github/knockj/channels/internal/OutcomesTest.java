package io.github.knockj.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    static final DeliveryResult OK = DeliveryResult.sent("id-1");
    static final DeliveryResult GONE = DeliveryResult.invalidToken("token 2 gone");
    static final DeliveryResult BUSY = DeliveryResult.retryable("busy", Duration.ofSeconds(5));
    static final DeliveryResult BUSIER = DeliveryResult.retryable("busier", Duration.ofSeconds(30));
    static final DeliveryResult BAD = DeliveryResult.permanent("bad");

    @Test
    void oneResultIsReturnedAsIs() {
        assertThat(Outcomes.combine(List.of(BAD))).isSameAs(BAD);
    }

    @Test
    void anySuccessIsASuccessNotingTheOtherFailures() {
        DeliveryResult r = Outcomes.combine(List.of(GONE, OK, BUSY));
        assertThat(r.kind()).isEqualTo(Kind.SENT);
        assertThat(r.providerMessageId()).isEqualTo("id-1");
        assertThat(r.reason()).isEqualTo("2 of 3 failed: token 2 gone; busy");
    }

    @Test
    void withoutSuccessAllInvalidIsInvalidToken() {
        assertThat(Outcomes.combine(List.of(GONE, GONE)).kind()).isEqualTo(Kind.INVALID_TOKEN);
    }

    @Test
    void withoutSuccessAnyRetryableIsRetryableAfterTheLongestWait() {
        DeliveryResult r = Outcomes.combine(List.of(BAD, BUSY, GONE, BUSIER));
        assertThat(r.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void otherwisePermanent() {
        assertThat(Outcomes.combine(List.of(BAD, GONE)).kind()).isEqualTo(Kind.PERMANENT);
    }
}
