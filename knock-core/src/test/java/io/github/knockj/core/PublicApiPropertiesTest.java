package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random ids and payloads thrown at the public API: it throws nothing but the library's own
 * exceptions, a rejected call writes nothing, and an accepted one leaves consistent state.
 */
class PublicApiPropertiesTest {
    private TestKit kit;
    private RecordingProvider email;
    private Notifier notifier;

    @BeforeProperty
    void setUp() {
        kit = TestKit.create();
        email = RecordingProvider.of(ChannelType.EMAIL);
        notifier = Notifier.builder().testKit(kit).maxPayloadBytes(2_000)
                .channel("in-app", InAppFeedChannel.create()).channel("email", email)
                .workflow(Workflow.builder("w")
                        .step(Steps.channel("feed", "in-app").body("{{ data.text }} from {{ actor.name | default: 'someone' }}"))
                        .step(Steps.channel("mail", "email").subject("{{ data.text | upcase }}").html("<p>{{ data.text }}</p>"))
                        .build())
                .build();
    }

    @AfterProperty
    void tearDown() {
        notifier.close();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(300),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("", " ", "a/b", "x#y", "\u0000", "ü-ñ-✓", "a".repeat(257)));
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, new Object(), List.of(1, "two"), Map.of("k", "v"), "x".repeat(3000)).map(o -> (Object) o),
                Arbitraries.just(null));
    }

    @Property(tries = 200)
    void identifyAcceptsValidUsersAndRejectsTheRestCleanly(@ForAll("ids") String id, @ForAll("ids") String name, @ForAll("values") Object prop) {
        long jobsBefore = notifier.store().countJobs();
        try {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("p", prop);
            User stored = notifier.users().identify(User.builder(id).name(name).properties(props).build());
            assertThat(notifier.users().get(id)).contains(stored);
        } catch (KnockException e) {
            assertThat(e).isInstanceOf(InvalidInputException.class);
        }
        assertThat(notifier.store().countJobs()).isEqualTo(jobsBefore);
    }

    @Property(tries = 200)
    void triggersEitherRunToCompletionOrAreRejectedWithoutTrace(@ForAll("ids") String recipient, @ForAll("ids") String actor,
                                                                 @ForAll("values") Object text, @ForAll("ids") String key) {
        int sentBefore = email.sent().size();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        TriggerResult r;
        try {
            r = notifier.trigger("w").recipient(User.builder(recipient).email("r@example.com").build()).actor(actor).data(data)
                    .idempotencyKey(key).send();
        } catch (KnockException e) {
            assertThat(e).isInstanceOfAny(InvalidInputException.class, IdempotencyConflictException.class);
            assertThat(notifier.store().countJobs()).isZero();
            return;
        }
        kit.runDue();
        assertThat(notifier.store().countJobs()).isZero();
        if (r.replayed()) return;
        assertThat(notifier.runs().ofTrigger(r.triggerId(), 2)).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(email.sent()).hasSize(sentBefore + 1);
        String html = email.sent().get(email.sent().size() - 1).content("html");
        assertThat(html).doesNotContain("<script");
    }
}
