package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestKitTest {
    /** An in-memory store whose nextDueAt always claims that something is due at {@code at}, though nothing can be claimed. */
    private static Store reportingPhantomWorkAt(InMemoryStore real, Instant at) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("nextDueAt")) return Optional.of(at);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void advanceFailsClearlyInsteadOfSpinningWhenAStoreReportsWorkItWillNotHandOut() {
        TestKit kit = TestKit.create();
        InMemoryStore real = InMemoryStore.create();
        Instant phantom = kit.now().plus(Duration.ofMinutes(1));
        Notifier n = Notifier.builder().store(reportingPhantomWorkAt(real, phantom)).testKit(kit)
                .workflow(Workflow.builder("w").step(Steps.delay("wait", Duration.ofHours(1))).build()).build();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThatThrownBy(() -> kit.advance(Duration.ofMinutes(5)))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("reports a job due at " + phantom)
                            .hasMessageContaining("claims none"));
            assertThat(kit.now()).isEqualTo(phantom); // it stopped where the store and its claims disagree
        } finally {
            n.close();
            real.close();
        }
    }
}
