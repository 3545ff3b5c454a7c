package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of bad input gets a specific exception naming the problem, and nothing is written. */
class BadInputTest {
    private final TestKit kit = TestKit.create();

    @Test
    void userFieldsAreValidated() {
        assertThatThrownBy(() -> User.builder("ada").timezone("Mars/Olympus").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("user.timezone").hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> User.builder("ada").phoneNumber("0151 1234").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("E.164");
        assertThatThrownBy(() -> User.builder("ada").email("not-an-email").build()).hasMessageContaining("user.email");
        assertThatThrownBy(() -> User.builder("a#b").build()).hasMessageContaining("'#'");
        assertThatThrownBy(() -> User.builder("ada").property("when", new Object()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("user.properties.when");
        assertThatThrownBy(() -> Tenant.of("acme").withTimezone("Nowhere/City")).hasMessageContaining("tenant.timezone");
        assertThatThrownBy(() -> ObjectRef.of("", "x")).hasMessageContaining("object.collection");
    }

    @Test
    void rejectedIdentifyWritesNothing() {
        try (Notifier n = Notifier.builder().testKit(kit).build()) {
            assertThatThrownBy(() -> n.users().identifyAll(java.util.Arrays.asList(User.builder("ok").build(), null))).isInstanceOf(InvalidInputException.class);
            assertThat(n.users().get("ok")).isEmpty();
            assertThatThrownBy(() -> n.users().get("a/b")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> n.feed("ada", "in-app").list(n.feed("ada", "in-app").query().withPageSize(1000)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("pageSize");
        }
    }

    @Test
    void badKeysAndUnknownWorkflowsOnCancelAreRejected() {
        Workflow w = Workflow.builder("w").step(Steps.delay("d", java.time.Duration.ofMinutes(1))).build();
        try (Notifier n = Notifier.builder().testKit(kit).workflow(w).build()) {
            assertThatThrownBy(() -> n.trigger("w").recipients("a").idempotencyKey("k".repeat(300)).send())
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("idempotencyKey");
            assertThatThrownBy(() -> n.trigger("w").recipients("a").cancellationKey(" ").send())
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("cancellationKey");
            assertThatThrownBy(() -> n.trigger("w").recipients("a").tenant("a/b").send()).hasMessageContaining("trigger.tenant");
            assertThatThrownBy(() -> n.trigger("w").recipients("a").data(Map.of("n", Double.NaN)).send()).hasMessageContaining("finite");
            assertThatThrownBy(() -> n.cancel("nope", "k")).isInstanceOf(UnknownWorkflowException.class);
            assertThat(n.store().countJobs()).isZero();
        }
    }
}
