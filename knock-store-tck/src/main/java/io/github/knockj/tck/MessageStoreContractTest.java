package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.DeliveryUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.MessageStore MessageStore}, method by method, without an
 * engine: feeds newest first with cursor paging and counts, filters by tenant, workflow, category,
 * status and archive; engagement with implied statuses, history events and undo, by id and by query;
 * delivery updates that keep engagement.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}, {@link
 * io.github.knockj.core.spi.RunStore RunStore} to set up and read back state. A store certifies this
 * role by extending this class and implementing {@link #newStore()}; see {@link RoleContractTestBase}
 * for the fixtures.
 */
public abstract class MessageStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected MessageStoreContractTest() {}

    @Test
    void deliveryUpdatesChangeStatusButKeepEngagement() {
        commitRun(run("R1", "T1", "u1", RunStatus.COMPLETED, 1), true, message("M1", "R1", "u1", "email", null, "wf", T0));
        store.updateEngagement(List.of("M1"), Engagement.READ, T0.plusSeconds(1), T0.plusSeconds(1));
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.DELIVERY_ATTEMPTED, 2, T0.plusSeconds(2)));
        cs.events().add(MessageEvent.of("M1", T0.plusSeconds(2), DeliveryStatus.DELIVERY_ATTEMPTED, "timeout"));
        store.commit(cs);
        Message m = store.findMessage("M1").orElseThrow();
        assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERY_ATTEMPTED);
        assertThat(m.attempts()).isEqualTo(2);
        assertThat(m.readAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(m.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.messageEvents("M1")).extracting(MessageEvent::type).containsExactly("read", "delivery_attempted");
    }

    private List<String> seedFeed() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = nextId();
            ids.add(id);
            String tenant = i % 2 == 0 ? "acme" : null;
            commitRun(run("R" + i, "T1", "ada", RunStatus.COMPLETED, 1), true,
                    message(id, "R" + i, "ada", "in-app", tenant, i < 5 ? "comments" : "billing", T0.plusSeconds(i)));
        }
        commitRun(run("RB", "T1", "bob", RunStatus.COMPLETED, 1), true, message(nextId(), "RB", "bob", "in-app", null, "comments", T0));
        commitRun(run("RC", "T1", "ada", RunStatus.COMPLETED, 1), true, message(nextId(), "RC", "ada", "other-feed", null, "comments", T0));
        return ids;
    }

    @Test
    void feedListsNewestFirstWithCursorPagingAndCounts() {
        List<String> ids = seedFeed();
        FeedPage first = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3));
        assertThat(first.items()).extracting(Message::id).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(first.totalCount()).isEqualTo(7);
        assertThat(first.unreadCount()).isEqualTo(7);
        assertThat(first.nextCursor()).isNotNull();
        FeedPage second = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3).withAfter(first.nextCursor()));
        assertThat(second.items()).extracting(Message::id).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        FeedPage third = store.feed(FeedQuery.of("ada", "in-app").withPageSize(3).withAfter(second.nextCursor()));
        assertThat(third.items()).extracting(Message::id).containsExactly(ids.get(0));
        assertThat(third.nextCursor()).isNull();
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withPageSize(7)).nextCursor()).isNull();
    }

    @Test
    void feedFiltersByTenantWorkflowCategoryStatusAndArchive() {
        List<String> ids = seedFeed();
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withTenant("acme")).items()).extracting(Message::id)
                .containsExactly(ids.get(6), ids.get(4), ids.get(2), ids.get(0));
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withWorkflow("billing")).items()).hasSize(2);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withCategory("cat-comments")).items()).hasSize(5);
        store.updateEngagement(List.of(ids.get(0), ids.get(1)), Engagement.READ, T0.plusSeconds(10), T0.plusSeconds(10));
        store.updateEngagement(List.of(ids.get(2)), Engagement.SEEN, T0.plusSeconds(10), T0.plusSeconds(10));
        store.updateEngagement(List.of(ids.get(6)), Engagement.ARCHIVED, T0.plusSeconds(10), T0.plusSeconds(10));
        FeedPage unread = store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.UNREAD));
        assertThat(unread.items()).extracting(Message::id).containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2));
        assertThat(unread.totalCount()).isEqualTo(6);
        assertThat(unread.unreadCount()).isEqualTo(4);
        assertThat(unread.unseenCount()).isEqualTo(3);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.READ)).items()).hasSize(2);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withStatus(FeedQuery.StatusFilter.SEEN)).items()).hasSize(3);
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withArchived(FeedQuery.ArchivedFilter.ONLY)).items()).extracting(Message::id).containsExactly(ids.get(6));
        assertThat(store.feed(FeedQuery.of("ada", "in-app").withArchived(FeedQuery.ArchivedFilter.INCLUDE)).items()).hasSize(7);
        assertThat(store.feed(FeedQuery.of("bob", "in-app")).items()).hasSize(1);
        assertThat(store.feed(FeedQuery.of("nobody", "in-app")).items()).isEmpty();
    }

    @Test
    void engagementSetsImpliedStatusesRecordsHistoryAndCanBeUndone() {
        List<String> ids = seedFeed();
        Instant t = T0.plusSeconds(100);
        List<Message> changed = store.updateEngagement(List.of(ids.get(0), "missing"), Engagement.INTERACTED, t, t);
        assertThat(changed).singleElement().satisfies(m -> {
            assertThat(m.interactedAt()).isEqualTo(t);
            assertThat(m.readAt()).isEqualTo(t);
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.updateEngagement(List.of(ids.get(0)), Engagement.READ, t.plusSeconds(1), t.plusSeconds(1))).isEmpty();
        List<Message> undone = store.updateEngagement(List.of(ids.get(0)), Engagement.READ, null, t.plusSeconds(2));
        assertThat(undone).singleElement().satisfies(m -> {
            assertThat(m.readAt()).isNull();
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.messageEvents(ids.get(0))).extracting(MessageEvent::type).containsExactly("interacted", "unread");

        int n = store.updateEngagementWhere(FeedQuery.of("ada", "in-app").withTenant("acme"), Engagement.SEEN, t, t);
        assertThat(n).isEqualTo(3); // ids 2, 4, 6 (0 was already seen)
        assertThat(store.feed(FeedQuery.of("ada", "in-app")).unseenCount()).isEqualTo(3);
        assertThat(store.feed(FeedQuery.of("bob", "in-app")).unseenCount()).isEqualTo(1);
    }
}
