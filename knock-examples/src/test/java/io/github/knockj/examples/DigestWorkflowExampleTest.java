package io.github.knockj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How to unit-test your own workflows: the in-memory store (the default), a {@link TestKit} that
 * owns the clock and runs due work on the test thread, and a {@link RecordingProvider} in place of
 * the real email provider. No threads, no sleeps: ten minutes pass in a millisecond.
 */
class DigestWorkflowExampleTest {
    TestKit kit = TestKit.create();
    RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL);
    Notifier notifier = Notifier.builder()
            .testKit(kit)
            .channel("in-app", InAppFeedChannel.create())
            .channel("email", email)
            .workflow(DemoWorkflows.newComment(Duration.ofMinutes(10)))
            .workflow(DemoWorkflows.mention(Duration.ofMinutes(30)))
            .build();

    @AfterEach
    void close() {
        notifier.close();
    }

    @Test
    void fiveCommentsWithinTheWindowBecomeOneDigestEmail() {
        for (String name : List.of("Ada", "Bob", "Cy", "Dee", "Eve")) {
            notifier.users().identify(User.builder(name.toLowerCase()).name(name).build());
        }
        notifier.users().identify(User.builder("olive").name("Olive").email("olive@example.com").build());

        for (String actor : List.of("ada", "bob", "cy", "dee", "eve")) {
            notifier.trigger("new-comment").recipients("olive").actor(actor)
                    .data(Map.of("post_id", "p1", "post", "Launch plan", "comment", "+1 from " + actor))
                    .send();
            kit.advance(Duration.ofMinutes(1));
        }
        assertThat(notifier.feed("olive", "in-app").counts()).containsEntry("unread", 5L); // in-app: one each, at once
        assertThat(email.sent()).isEmpty();                                               // email: the window is open

        kit.advance(Duration.ofMinutes(10));

        assertThat(email.sentContent("subject")).containsExactly("Ada and 4 others commented on Launch plan");
        assertThat(email.sentContent("text").get(0)).startsWith("Ada: +1 from ada\nBob: +1 from bob\n");
    }

    @Test
    void aMentionIsEmailedOnlyIfTheInboxStaysUnseen() {
        notifier.users().identifyAll(List.of(
                User.builder("ada").name("Ada").email("ada@example.com").build(),
                User.builder("bob").name("Bob").email("bob@example.com").build(),
                User.builder("cy").name("Cy").build()));
        notifier.trigger("mention").recipients("ada", "bob").actor("cy")
                .data(Map.of("post_id", "p1", "post", "Launch plan", "excerpt", "have a look?"))
                .send();
        kit.advance(Duration.ofMinutes(5));
        notifier.feed("ada", "in-app").markAllSeen(); // Ada opens her inbox; Bob does not

        kit.advance(Duration.ofMinutes(30));

        assertThat(email.sent()).extracting(m -> m.recipient().id()).containsExactly("bob");
        assertThat(email.sentContent("subject")).containsExactly("Cy mentioned you in Launch plan");
    }
}
