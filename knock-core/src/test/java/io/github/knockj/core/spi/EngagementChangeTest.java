package io.github.knockj.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Engagement;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Recipient;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engagement rule that every store applies: what an action sets or clears, and its event. */
class EngagementChangeTest {
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AT = OLD.plusSeconds(60);
    private static final Instant NOW = OLD.plusSeconds(61);

    /** A message with exactly the engagements of {@code engaged} set, at {@link #OLD}. */
    private static Message message(Set<Engagement> engaged) {
        return new Message("M1", "R1", "wf", "step", "in-app", ChannelType.IN_APP_FEED, Recipient.user("ada"), "acme", null,
                List.of("cat"), Map.of("body", "hi"), Map.of(), DeliveryStatus.DELIVERED, 1,
                engaged.contains(Engagement.SEEN) ? OLD : null, engaged.contains(Engagement.READ) ? OLD : null,
                engaged.contains(Engagement.INTERACTED) ? OLD : null, engaged.contains(Engagement.LINK_CLICKED) ? OLD : null,
                engaged.contains(Engagement.ARCHIVED) ? OLD : null, OLD, OLD);
    }

    @Test
    void settingImpliesSeenAndReadTheWayKnockDocumentsIt() {
        assertThat(EngagementChange.set(Engagement.SEEN, AT, NOW).sets()).containsExactly(Engagement.SEEN);
        assertThat(EngagementChange.set(Engagement.READ, AT, NOW).sets()).containsExactly(Engagement.SEEN, Engagement.READ);
        assertThat(EngagementChange.set(Engagement.INTERACTED, AT, NOW).sets())
                .containsExactly(Engagement.SEEN, Engagement.READ, Engagement.INTERACTED);
        assertThat(EngagementChange.set(Engagement.LINK_CLICKED, AT, NOW).sets())
                .containsExactly(Engagement.SEEN, Engagement.READ, Engagement.LINK_CLICKED);
        assertThat(EngagementChange.set(Engagement.ARCHIVED, AT, NOW).sets()).containsExactly(Engagement.ARCHIVED);
        for (Engagement e : Engagement.values()) {
            assertThat(EngagementChange.set(e, AT, NOW).clears()).isNull();
            assertThat(EngagementChange.clear(e, NOW).clears()).isEqualTo(e);
            assertThat(EngagementChange.clear(e, NOW).sets()).isEmpty();
        }
    }

    @Test
    void eventTypesAreTheEngagementInLowerCaseAndUnForClearing() {
        assertThat(EngagementChange.set(Engagement.READ, AT, NOW).eventType()).isEqualTo("read");
        assertThat(EngagementChange.clear(Engagement.READ, NOW).eventType()).isEqualTo("unread");
        assertThat(EngagementChange.set(Engagement.LINK_CLICKED, AT, NOW).eventType()).isEqualTo("link_clicked");
        assertThat(EngagementChange.clear(Engagement.ARCHIVED, NOW).eventType()).isEqualTo("unarchived");
        assertThat(EngagementChange.clear(Engagement.SEEN, NOW).eventFor("M1")).isEqualTo(new MessageEvent("M1", NOW, "unseen", null));
    }

    /**
     * Over every engagement state (32) and every action (5 set, 5 clear): the action changes the
     * message exactly when its result differs, sets only unset timestamps (to {@code at}), clears
     * only its own one (unread leaves archived and seen), and touches nothing else.
     */
    @Test
    void applyingChangesExactlyTheTimestampsTheRuleNames() {
        Engagement[] all = Engagement.values();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            Set<Engagement> engaged = EnumSet.noneOf(Engagement.class);
            for (Engagement e : all) if ((mask & 1 << e.ordinal()) != 0) engaged.add(e);
            Message m = message(engaged);
            for (Engagement e : all) {
                for (EngagementChange c : List.of(EngagementChange.set(e, AT, NOW), EngagementChange.clear(e, NOW))) {
                    Message next = c.applyTo(m);
                    boolean differs = false;
                    for (Engagement x : all) {
                        Instant expected = x == c.clears() ? null : m.engagedAt(x) != null ? OLD : c.sets().contains(x) ? AT : null;
                        assertThat(next.engagedAt(x)).as("%s after %s on %s", x, c, engaged).isEqualTo(expected);
                        differs |= expected != m.engagedAt(x);
                    }
                    assertThat(c.changes(m)).as("%s changes %s", c, engaged).isEqualTo(differs);
                    assertThat(next.updatedAt()).isEqualTo(NOW);
                    assertThat(m.withEngagement(e, c.at(), NOW)).isEqualTo(next);
                    assertThat(List.of(next.status(), next.attempts(), next.content(), next.createdAt()))
                            .isEqualTo(List.of(m.status(), m.attempts(), m.content(), m.createdAt()));
                }
            }
        }
    }
}
