package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.Feed;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Message;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.NotifierListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The in-app feed through the {@code Notifier} API on the store under test: paging newest first,
 * cursors the library did not issue, marking read/seen/archived and undoing it with the counts,
 * every combination of the feed's filters (read status, archived, tenant, workflow, category) with
 * its counts, tenant isolation, users who cannot see or mark each other's messages, engagement across the
 * channels of a synced run and from outside the feed, and listeners (including one that throws).
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.MessageStore MessageStore} (feed pages, counts, engagement and
 * its events); also {@link io.github.knockj.core.spi.RecipientStore RecipientStore},
 * {@link io.github.knockj.core.spi.TenantStore TenantStore}.
 */
public abstract class FeedContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected FeedContractTest() {}

    private static Workflow note() {
        return Workflow.builder("note").categories("updates")
                .step(Steps.channel("feed", "in-app").body("note {{ data.n }}"))
                .build();
    }

    private Notifier notifierWithNotes(int count, String userId) {
        Notifier n = notifier(note(), Workflow.builder("multi").syncReadAcrossChannels()
                .step(Steps.channel("feed", "in-app").body("multi"))
                .step(Steps.channel("mail", "email").subject("multi"))
                .build());
        n.users().identify(user(userId));
        for (int i = 0; i < count; i++) n.trigger("note").recipients(userId).data(Map.of("n", i)).send();
        kit.runDue();
        return n;
    }

    @Test
    void feedPagesNewestFirstThroughTheApi() {
        Notifier n = notifierWithNotes(12, "ada");
        Feed feed = n.feed("ada", "in-app");
        List<String> bodies = new ArrayList<>();
        FeedQuery q = feed.query().withPageSize(5);
        FeedPage page;
        do {
            page = feed.list(q);
            page.items().forEach(m -> bodies.add(m.content().get("body")));
            q = q.withAfter(page.nextCursor());
        } while (page.nextCursor() != null);
        assertThat(bodies).hasSize(12).first().isEqualTo("note 11");
        assertThat(bodies).last().isEqualTo("note 0");
        assertThat(feed.counts()).isEqualTo(Map.of("total", 12L, "unread", 12L, "unseen", 12L));
    }

    @Test
    void markingChangesCountsAndCanBeUndone() {
        Notifier n = notifierWithNotes(4, "ada");
        Feed feed = n.feed("ada", "in-app");
        List<Message> items = feed.list().items();
        feed.markSeen(items.get(0).id(), items.get(1).id());
        feed.markRead(items.get(2).id());
        assertThat(feed.counts()).isEqualTo(Map.of("total", 4L, "unread", 3L, "unseen", 1L));
        feed.markUnread(items.get(2).id());
        assertThat(feed.counts().get("unread")).isEqualTo(4L);
        feed.archive(items.get(3).id());
        assertThat(feed.list().items()).hasSize(3);
        assertThat(feed.list(feed.query().withArchived(FeedQuery.ArchivedFilter.ONLY)).items()).extracting(Message::id).containsExactly(items.get(3).id());
        feed.unarchive(items.get(3).id());
        assertThat(feed.list().items()).hasSize(4);
        assertThat(feed.markAllRead()).isEqualTo(4);
        assertThat(feed.counts()).isEqualTo(Map.of("total", 4L, "unread", 0L, "unseen", 0L));
        assertThat(n.messages().history(items.get(2).id())).extracting(e -> e.type()).containsSubsequence("delivered", "read", "unread", "read");
    }

    @Test
    void aCursorTheLibraryDidNotIssueIsRejected() {
        Notifier n = notifierWithNotes(3, "ada");
        Feed feed = n.feed("ada", "in-app");
        FeedPage first = feed.list(feed.query().withPageSize(2));
        String messageId = first.items().get(1).id();
        for (String forged : List.of("garbage", "", " ", messageId, "zzzzzzzzzzzzzzzzzzzzzzzzzz", first.nextCursor() + "x",
                first.nextCursor().substring(1), "' OR 1=1 --")) {
            assertThatThrownBy(() -> feed.list(feed.query().withAfter(forged)), "cursor '%s'", forged)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        }
        assertThat(feed.list(feed.query().withPageSize(2).withAfter(first.nextCursor())).items())
                .extracting(m -> m.content().get("body")).containsExactly("note 0");
    }

    @Test
    void markingAnArchivedMessageUnreadLeavesItArchived() {
        Notifier n = notifierWithNotes(2, "ada");
        Feed feed = n.feed("ada", "in-app");
        String id = feed.list().items().get(0).id();
        feed.markRead(id);
        feed.archive(id);
        assertThat(feed.markUnread(id)).singleElement().satisfies(m -> {
            assertThat(m.readAt()).isNull();
            assertThat(m.archivedAt()).isNotNull();
        });
        assertThat(feed.list().items()).extracting(Message::id).doesNotContain(id);
        assertThat(feed.list(feed.query().withArchived(FeedQuery.ArchivedFilter.ONLY).withStatus(FeedQuery.StatusFilter.UNREAD)).items())
                .extracting(Message::id).containsExactly(id);
        assertThat(feed.counts()).isEqualTo(Map.of("total", 1L, "unread", 1L, "unseen", 1L));
    }

    @Test
    void aUserCannotMarkOrSeeAnotherUsersMessages() {
        Notifier n = notifierWithNotes(2, "ada");
        n.users().identify(user("bob"));
        n.trigger("note").recipients("bob").data(Map.of("n", 99)).send();
        kit.runDue();
        String bobs = n.feed("bob", "in-app").list().items().get(0).id();
        String adas = n.feed("ada", "in-app").list().items().get(0).id();
        assertThatThrownBy(() -> n.feed("ada", "in-app").markRead(adas, bobs)).isInstanceOf(NotFoundException.class).hasMessageContaining(bobs);
        assertThat(n.messages().get(adas).orElseThrow().readAt()).isNull(); // nothing changed, not even ada's own
        assertThatThrownBy(() -> n.feed("ada", "other-channel").markRead(adas)).isInstanceOf(NotFoundException.class);
        assertThat(n.feed("ada", "in-app").list().items()).extracting(Message::id).doesNotContain(bobs);
    }

    @Test
    void tenantFeedsAreIsolated() {
        Notifier n = notifier(note());
        n.users().identify(user("ada"));
        n.trigger("note").recipients("ada").tenant("acme").data(Map.of("n", 1)).send();
        n.trigger("note").recipients("ada").tenant("globex").data(Map.of("n", 2)).send();
        kit.runDue();
        Feed acme = n.feed("ada", "in-app").tenant("acme");
        assertThat(acme.list().items()).extracting(m -> m.content().get("body")).containsExactly("note 1");
        String globexMessage = n.feed("ada", "in-app").tenant("globex").list().items().get(0).id();
        assertThatThrownBy(() -> acme.markRead(globexMessage)).isInstanceOf(NotFoundException.class);
        // a query naming another tenant is forced back to the feed's own
        assertThat(acme.list(acme.query().withTenant("globex")).items()).extracting(m -> m.content().get("body")).containsExactly("note 1");
        assertThat(acme.markAllRead()).isEqualTo(1);
        assertThat(n.feed("ada", "in-app").tenant("globex").counts().get("unread")).isEqualTo(1L);
    }

    @Test
    void readingOneMessageOfASyncedRunReadsItsOtherChannels() {
        Notifier n = notifierWithNotes(0, "ada");
        n.trigger("multi").recipients("ada").send();
        kit.runDue();
        Message inApp = n.feed("ada", "in-app").list().items().get(0);
        n.feed("ada", "in-app").markRead(inApp.id());
        assertThat(n.runs().messages(inApp.runId())).hasSize(2).allSatisfy(m -> assertThat(m.readAt()).isNotNull());
    }

    @Test
    void engagementFromOutsideTheFeedIsRecorded() {
        Notifier n = notifierWithNotes(0, "ada");
        n.trigger("multi").recipients("ada").send();
        kit.runDue();
        Message mail = email.sent().get(0).message();
        Message clicked = n.messages().record(mail.id(), Engagement.LINK_CLICKED);
        assertThat(clicked.linkClickedAt()).isEqualTo(kit.now());
        assertThat(clicked.readAt()).isEqualTo(kit.now());
        assertThatThrownBy(() -> n.messages().record("nope", Engagement.READ)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listenersHearNewFeedMessagesAndEngagement() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        Notifier n = notifierWithNotes(0, "ada");
        try (AutoCloseable reg = n.addListener(new NotifierListener() {
            @Override
            public void onMessageCreated(Message m) {
                heard.add("created:" + m.content().get("body"));
            }

            @Override
            public void onEngagementChanged(Message m) {
                heard.add("engaged:" + (m.readAt() != null));
            }
        })) {
            n.trigger("note").recipients("ada").data(Map.of("n", 7)).send();
            kit.runDue();
            n.feed("ada", "in-app").markAllSeen();
            n.feed("ada", "in-app").markRead(n.feed("ada", "in-app").list().items().get(0).id());
        }
        n.trigger("note").recipients("ada").data(Map.of("n", 8)).send();
        kit.runDue();
        assertThat(heard).containsExactly("created:note 7", "engaged:true");
    }

    /** One message of {@link #everyFilterCombinationListsAndCountsTheSameMessages}, as the test set it up. */
    private record Fixture(int n, String workflow, String tenant, List<String> categories, boolean seen, boolean read, boolean archived) {}

    /**
     * Every filter the public {@link FeedQuery} offers, in every combination: read status, archived,
     * tenant, workflow and category (with LIKE wildcards in category names, which must match only
     * themselves). Each page lists exactly the matching messages newest first, cursors continue under
     * the same filters, and the counts (total, unread, unseen) ignore the read-status filter only.
     * Messages on another channel of the same user and another user's messages never appear.
     */
    @Test
    void everyFilterCombinationListsAndCountsTheSameMessages() {
        List<Fixture> fixtures = List.of(
                new Fixture(0, "alpha", null, List.of("updates", "up_dates"), false, false, false),
                new Fixture(1, "alpha", "acme", List.of("updates", "up_dates"), true, false, false),
                new Fixture(2, "beta", "acme", List.of("upXdates", "100%"), true, true, false),
                new Fixture(3, "beta", "globex", List.of("upXdates", "100%"), false, false, true),
                new Fixture(4, "gamma", null, List.of("1000x"), true, true, true),
                new Fixture(5, "gamma", "acme", List.of("1000x"), true, true, false),
                new Fixture(6, "alpha", "globex", List.of("updates", "up_dates"), true, false, true));
        Notifier n = track(builder().channel("in-app-2", io.github.knockj.core.InAppFeedChannel.create())
                .workflow(Workflow.builder("alpha").categories("updates", "up_dates").step(Steps.channel("feed", "in-app").body("n {{ data.n }}")).build())
                .workflow(Workflow.builder("beta").categories("upXdates", "100%").step(Steps.channel("feed", "in-app").body("n {{ data.n }}")).build())
                .workflow(Workflow.builder("gamma").categories("1000x").step(Steps.channel("feed", "in-app").body("n {{ data.n }}")).build())
                .workflow(Workflow.builder("delta").categories("updates").step(Steps.channel("feed", "in-app-2").body("other channel")).build())
                .build());
        n.users().identify(user("ada"));
        n.users().identify(user("bob"));
        for (Fixture f : fixtures) {
            var t = n.trigger(f.workflow()).recipients("ada").data(Map.of("n", f.n()));
            if (f.tenant() != null) t = t.tenant(f.tenant());
            t.send();
        }
        n.trigger("delta").recipients("ada").tenant("acme").send();
        n.trigger("alpha").recipients("bob").tenant("acme").data(Map.of("n", 99)).send();
        kit.runDue();
        Feed feed = n.feed("ada", "in-app");
        Map<String, Integer> numberOf = new java.util.HashMap<>();
        for (Message m : feed.list(feed.query().withArchived(FeedQuery.ArchivedFilter.INCLUDE)).items()) {
            numberOf.put(m.id(), Integer.parseInt(m.content().get("body").substring(2)));
        }
        assertThat(numberOf).hasSize(fixtures.size());
        Map<Integer, String> idOf = new java.util.HashMap<>();
        numberOf.forEach((id, i) -> idOf.put(i, id));
        for (Fixture f : fixtures) {
            String id = idOf.get(f.n());
            if (f.seen()) feed.markSeen(id);
            if (f.read()) feed.markRead(id);
            if (f.archived()) feed.archive(id);
        }
        Feed other = n.feed("ada", "in-app-2");
        other.markRead(other.list().items().get(0).id());

        int combinations = 0;
        for (FeedQuery.StatusFilter status : FeedQuery.StatusFilter.values()) {
            for (FeedQuery.ArchivedFilter archived : FeedQuery.ArchivedFilter.values()) {
                for (String tenant : java.util.Arrays.asList(null, "acme")) {
                    for (String workflow : java.util.Arrays.asList(null, "alpha", "gamma")) {
                        for (String category : java.util.Arrays.asList(null, "up_dates", "100%", "up")) {
                            FeedQuery q = feed.query().withStatus(status).withArchived(archived).withTenant(tenant)
                                    .withWorkflow(workflow).withCategory(category).withPageSize(3);
                            List<Fixture> inScope = fixtures.stream()
                                    .filter(f -> tenant == null || tenant.equals(f.tenant()))
                                    .filter(f -> workflow == null || workflow.equals(f.workflow()))
                                    .filter(f -> category == null || f.categories().contains(category))
                                    .filter(f -> switch (archived) {
                                        case EXCLUDE -> !f.archived();
                                        case INCLUDE -> true;
                                        case ONLY -> f.archived();
                                    })
                                    .toList();
                            List<String> expected = inScope.stream()
                                    .filter(f -> switch (status) {
                                        case ALL -> true;
                                        case UNREAD -> !f.read();
                                        case READ -> f.read();
                                        case UNSEEN -> !f.seen();
                                        case SEEN -> f.seen();
                                    })
                                    .sorted(java.util.Comparator.comparingInt(Fixture::n).reversed())
                                    .map(f -> idOf.get(f.n())).toList();
                            List<String> listed = new ArrayList<>();
                            FeedPage page = feed.list(q);
                            String combination = q.toString();
                            assertThat(page.totalCount()).as("total of %s", combination).isEqualTo(inScope.size());
                            assertThat(page.unreadCount()).as("unread of %s", combination).isEqualTo(inScope.stream().filter(f -> !f.read()).count());
                            assertThat(page.unseenCount()).as("unseen of %s", combination).isEqualTo(inScope.stream().filter(f -> !f.seen()).count());
                            while (true) {
                                page.items().forEach(m -> listed.add(m.id()));
                                if (page.nextCursor() == null) break;
                                page = feed.list(q.withAfter(page.nextCursor()));
                            }
                            assertThat(listed).as("items of %s", combination).containsExactlyElementsOf(expected);
                            combinations++;
                        }
                    }
                }
            }
        }
        assertThat(combinations).isEqualTo(5 * 3 * 2 * 3 * 4);
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheEngine() {
        Notifier n = track(builder().workflow(note()).listener(new NotifierListener() {
            @Override
            public void onMessageCreated(Message m) {
                throw new IllegalStateException("listener bug");
            }
        }).build());
        n.users().identify(user("ada"));
        n.trigger("note").recipients("ada").data(Map.of("n", 1)).send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).hasSize(1);
        assertThat(store.countJobs()).isZero();
    }
}
