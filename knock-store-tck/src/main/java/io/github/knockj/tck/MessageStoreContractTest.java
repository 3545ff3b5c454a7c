package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Engagement;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.core.spi.RunChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        store.updateEngagement(List.of("M1"), new EngagementChange(Engagement.READ, T0.plusSeconds(1), T0.plusSeconds(1)));
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
        store.updateEngagement(List.of(ids.get(0), ids.get(1)), new EngagementChange(Engagement.READ, T0.plusSeconds(10), T0.plusSeconds(10)));
        store.updateEngagement(List.of(ids.get(2)), new EngagementChange(Engagement.SEEN, T0.plusSeconds(10), T0.plusSeconds(10)));
        store.updateEngagement(List.of(ids.get(6)), new EngagementChange(Engagement.ARCHIVED, T0.plusSeconds(10), T0.plusSeconds(10)));
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
        List<Message> changed = store.updateEngagement(List.of(ids.get(0), "missing"), new EngagementChange(Engagement.INTERACTED, t, t));
        assertThat(changed).singleElement().satisfies(m -> {
            assertThat(m.interactedAt()).isEqualTo(t);
            assertThat(m.readAt()).isEqualTo(t);
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.updateEngagement(List.of(ids.get(0)), new EngagementChange(Engagement.READ, t.plusSeconds(1), t.plusSeconds(1)))).isEmpty();
        List<Message> undone = store.updateEngagement(List.of(ids.get(0)), new EngagementChange(Engagement.READ, null, t.plusSeconds(2)));
        assertThat(undone).singleElement().satisfies(m -> {
            assertThat(m.readAt()).isNull();
            assertThat(m.seenAt()).isEqualTo(t);
        });
        assertThat(store.messageEvents(ids.get(0))).extracting(MessageEvent::type).containsExactly("interacted", "unread");

        int n = store.updateEngagementWhere(FeedQuery.of("ada", "in-app").withTenant("acme"), new EngagementChange(Engagement.SEEN, t, t));
        assertThat(n).isEqualTo(3); // ids 2, 4, 6 (0 was already seen)
        assertThat(store.feed(FeedQuery.of("ada", "in-app")).unseenCount()).isEqualTo(3);
        assertThat(store.feed(FeedQuery.of("bob", "in-app")).unseenCount()).isEqualTo(1);
    }

    /** A message of workflow {@code workflow} with these categories and engagement (each set at {@link #T0} if true). */
    private static Message engagedMessage(String id, String runId, String userId, String tenant, String workflow, List<String> categories,
                                          boolean seen, boolean read, boolean archived) {
        return new Message(id, runId, workflow, "step", "in-app", ChannelType.IN_APP_FEED, Recipient.user(userId), tenant, "actor",
                categories, Map.of("body", "hello " + id), Map.of(), DeliveryStatus.DELIVERED, 1,
                seen ? T0 : null, read ? T0 : null, null, null, archived ? T0 : null, T0, T0);
    }

    @Test
    void engagementWritesAndRecordsOnlyTheMessagesItChangesInTheOrderAsked() {
        commitRun(run("R1", "T1", "ada", RunStatus.COMPLETED, 1), true,
                engagedMessage("M1", "R1", "ada", null, "wf", List.of(), false, false, false),
                engagedMessage("M2", "R1", "ada", null, "wf", List.of(), true, true, false),
                engagedMessage("M3", "R1", "ada", null, "wf", List.of(), true, false, true));
        Instant t = T0.plusSeconds(5);
        List<Message> changed = store.updateEngagement(List.of("M3", "M1", "M2", "M1", "missing"), EngagementChange.set(Engagement.READ, t, t));
        assertThat(changed).extracting(Message::id).containsExactly("M3", "M1");
        assertThat(changed.get(0)).satisfies(m -> {
            assertThat(m.seenAt()).as("kept").isEqualTo(T0);
            assertThat(m.readAt()).isEqualTo(t);
            assertThat(m.archivedAt()).isEqualTo(T0);
            assertThat(m.updatedAt()).isEqualTo(t);
        });
        assertThat(store.findMessage("M1").orElseThrow()).satisfies(m -> {
            assertThat(m.seenAt()).isEqualTo(t);
            assertThat(m.readAt()).isEqualTo(t);
        });
        assertThat(store.findMessage("M2").orElseThrow().updatedAt()).as("an unchanged message is not written").isEqualTo(T0);
        assertThat(store.messageEvents("M1")).containsExactly(new MessageEvent("M1", t, "read", null));
        assertThat(store.messageEvents("M2")).isEmpty();
        assertThat(store.messageEvents("M3")).containsExactly(new MessageEvent("M3", t, "read", null));

        Instant u = t.plusSeconds(1);
        assertThat(store.updateEngagement(List.of("M3"), EngagementChange.clear(Engagement.READ, u))).singleElement().satisfies(m -> {
            assertThat(m.readAt()).isNull();
            assertThat(m.seenAt()).isEqualTo(T0);
            assertThat(m.archivedAt()).as("unread leaves a message archived").isEqualTo(T0);
        });
        assertThat(store.updateEngagement(List.of("M3"), EngagementChange.clear(Engagement.READ, u))).isEmpty();
        assertThat(store.messageEvents("M3")).extracting(MessageEvent::type).containsExactly("read", "unread");
        assertThat(store.updateEngagement(List.of(), EngagementChange.set(Engagement.SEEN, u, u))).isEmpty();
    }

    /**
     * {@code updateEngagementWhere} selects exactly the messages {@link FeedQuery#matches} does, for
     * every read-status and archived filter with tenant, workflow and category filters (category
     * names with LIKE wildcards match only themselves), and records an event for each it changed.
     * Each combination runs on its own user's copy of the same six messages.
     */
    @Test
    void engagementWhereSelectsExactlyTheMessagesTheQueryMatches() {
        record Shape(String tenant, String workflow, List<String> categories, boolean seen, boolean read, boolean archived) {}
        List<Shape> shapes = List.of(
                new Shape(null, "alpha", List.of("updates", "up_dates"), false, false, false),
                new Shape("acme", "alpha", List.of("updates", "up_dates"), true, false, false),
                new Shape("acme", "beta", List.of("upXdates"), true, true, false),
                new Shape("globex", "beta", List.of("upXdates"), false, false, true),
                new Shape(null, "gamma", List.of(), true, true, true),
                new Shape("acme", "alpha", List.of("up_dates"), true, true, false));
        List<FeedQuery> queries = new ArrayList<>();
        ChangeSet cs = new ChangeSet(null);
        Map<String, List<String>> idsOfUser = new HashMap<>();
        for (FeedQuery.StatusFilter status : FeedQuery.StatusFilter.values()) {
            for (FeedQuery.ArchivedFilter archived : FeedQuery.ArchivedFilter.values()) {
                for (String tenant : java.util.Arrays.asList(null, "acme")) {
                    for (String workflow : java.util.Arrays.asList(null, "alpha")) {
                        for (String category : java.util.Arrays.asList(null, "up_dates", "up")) {
                            String user = "u" + queries.size();
                            queries.add(FeedQuery.of(user, "in-app").withStatus(status).withArchived(archived).withTenant(tenant)
                                    .withWorkflow(workflow).withCategory(category));
                            RunChanges rc = new RunChanges(run("R-" + user, "T1", user, RunStatus.COMPLETED, 1), true);
                            List<String> ids = new ArrayList<>();
                            for (Shape sh : shapes) {
                                String id = nextId();
                                ids.add(id);
                                rc.messages().add(engagedMessage(id, "R-" + user, user, sh.tenant(), sh.workflow(), sh.categories(),
                                        sh.seen(), sh.read(), sh.archived()));
                            }
                            idsOfUser.put(user, ids);
                            cs.runs().add(rc);
                        }
                    }
                }
            }
        }
        store.commit(cs);
        Instant t = T0.plusSeconds(9);
        for (FeedQuery q : queries) {
            List<String> ids = idsOfUser.get(q.userId());
            Map<String, Message> before = store.findMessages(ids);
            List<String> expected = ids.stream().filter(id -> q.matches(before.get(id))).toList();
            int n = store.updateEngagementWhere(q, EngagementChange.set(Engagement.LINK_CLICKED, t, t));
            Map<String, Message> after = store.findMessages(ids);
            List<String> clicked = ids.stream().filter(id -> after.get(id).linkClickedAt() != null).toList();
            assertThat(clicked).as("clicked by %s", q).containsExactlyElementsOf(expected);
            assertThat(n).as("count of %s", q).isEqualTo(expected.size());
            for (String id : ids) {
                assertThat(store.messageEvents(id)).as("events of %s under %s", id, q)
                        .isEqualTo(expected.contains(id) ? List.of(new MessageEvent(id, t, "link_clicked", null)) : List.of());
            }
        }
        assertThat(queries).hasSize(5 * 3 * 2 * 2 * 3);
    }
    /** Concurrent engagement of the same messages changes each once: one writer wins, one event per message. */
    @Test
    void concurrentEngagementOfTheSameMessagesChangesEachOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        RunChanges rc = new RunChanges(run("R1", "T1", "ada", RunStatus.COMPLETED, 1), true);
        for (int i = 0; i < 20; i++) {
            String id = nextId();
            ids.add(id);
            rc.messages().add(engagedMessage(id, "R1", "ada", null, "wf", List.of(), false, false, false));
        }
        ChangeSet cs = new ChangeSet(null);
        cs.runs().add(rc);
        store.commit(cs);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order, new java.util.Random(i));
            Instant t = T0.plusSeconds(10 + i);
            boolean whole = i % 2 == 0;
            results.add(pool.submit(() -> {
                start.await();
                return whole ? store.updateEngagementWhere(FeedQuery.of("ada", "in-app"), EngagementChange.set(Engagement.READ, t, t))
                        : store.updateEngagement(order, EngagementChange.set(Engagement.READ, t, t)).size();
            }));
        }
        start.countDown();
        int changed = 0;
        for (Future<Integer> f : results) changed += f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(changed).isEqualTo(ids.size());
        for (String id : ids) {
            assertThat(store.messageEvents(id)).extracting(MessageEvent::type).as("events of %s", id).containsExactly("read");
            Message m = store.findMessage(id).orElseThrow();
            assertThat(m.readAt()).isEqualTo(m.updatedAt()).isEqualTo(store.messageEvents(id).get(0).at());
        }
    }
    /** A delivery update writes exactly status, attempts and updatedAt; one of a message that does not exist is ignored. */
    @Test
    void deliveryUpdatesWriteExactlyWhatCoreGivesAndIgnoreUnknownMessages() {
        commitRun(run("R1", "T1", "ada", RunStatus.COMPLETED, 1), true,
                engagedMessage("M1", "R1", "ada", "acme", "wf", List.of("c"), true, true, false));
        Message before = store.findMessage("M1").orElseThrow();
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new DeliveryUpdate("missing", DeliveryStatus.SENT, 1, T0.plusSeconds(1)));
        cs.deliveries().add(new DeliveryUpdate("M1", DeliveryStatus.BOUNCED, 4, T0.plusSeconds(2)));
        store.commit(cs);
        assertThat(store.findMessage("missing")).isEmpty();
        assertThat(store.findMessage("M1").orElseThrow()).isEqualTo(before.withDelivery(DeliveryStatus.BOUNCED, 4, T0.plusSeconds(2)));
        assertThat(store.messageEvents("M1")).as("a delivery update records no event of its own").isEmpty();
    }
}
