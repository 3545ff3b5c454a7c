package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.IdempotencyConflictException;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Message;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PayloadTooLargeException;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.UnknownWorkflowException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowInactiveException;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.Template;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Triggers and runs on the store under test: one run per recipient with rendered messages, inline
 * recipients and actors, object fan-out to subscribers (large objects in ranges), tenants,
 * per-recipient data, bad input rejected without writing anything, exact storage of text,
 * idempotency keys (also from many threads), conditions, branches, update-data and
 * trigger-workflow steps, step failures and retries, templates (escaping, strict and lenient),
 * retention, and identify, merge and delete of users.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.TriggerStore TriggerStore},
 * {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore},
 * {@link io.github.knockj.core.spi.RunStore RunStore} (triggers, idempotency keys, runs and their
 * logs), {@link io.github.knockj.core.spi.RecipientStore RecipientStore} (fan-out over subscribers,
 * identify, merge and delete), {@link io.github.knockj.core.spi.TenantStore TenantStore} and
 * {@link io.github.knockj.core.spi.RetentionStore RetentionStore}; also
 * {@link io.github.knockj.core.spi.MessageStore MessageStore},
 * {@link io.github.knockj.core.spi.JobQueue JobQueue}.
 */
public abstract class TriggerContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected TriggerContractTest() {}

    private static Workflow comment() {
        return Workflow.builder("new-comment")
                .categories("collaboration")
                .step(Steps.channel("feed", "in-app").body("{{ actor.name }} commented on {{ data.post }}"))
                .step(Steps.channel("mail", "email").subject("New comment on {{ data.post }}")
                        .html("<p>{{ actor.name }} wrote: {{ data.body }}</p>").text("{{ actor.name }} wrote: {{ data.body }}"))
                .build();
    }

    @Test
    void triggerCreatesOneRunPerRecipientWithRenderedMessages() {
        Notifier n = notifier(comment());
        n.users().identifyAll(List.of(user("ada"), user("bob"), user("cy")));
        TriggerResult r = n.trigger("new-comment").recipients("ada", "bob").actor("cy")
                .data(Map.of("post", "Launch", "body", "Looks good")).send();
        kit.runDue();

        List<WorkflowRun> runs = n.runs().ofTrigger(r.triggerId(), 10);
        assertThat(runs).hasSize(2).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(email.sent()).hasSize(2);
        assertThat(email.sentContent("subject")).containsOnly("New comment on Launch");
        assertThat(email.sent().get(0).recipientField("email")).isIn("ada@example.com", "bob@example.com");
        FeedPage feed = n.feed("ada", "in-app").list();
        assertThat(feed.items()).singleElement().satisfies(m -> {
            assertThat(m.content().get("body")).isEqualTo("Cy commented on Launch");
            assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(m.categories()).containsExactly("collaboration");
        });
        Message mail = n.runs().messages(runs.get(0).id()).stream().filter(m -> m.channelType() == ChannelType.EMAIL).findFirst().orElseThrow();
        assertThat(mail.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(n.messages().history(mail.id())).extracting(e -> e.type()).containsExactly("queued", "delivered");
        assertThat(outcomes(n, runs.get(0).id())).containsExactly(Outcome.MESSAGE_QUEUED, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
    }

    @Test
    void htmlContentEscapesVariablesUnlessRaw() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.channel("mail", "email").subject("{{ data.title }}").html("<b>{{ data.title }}</b>{{ data.trusted | raw }}"))
                .build());
        n.users().identify(user("ada"));
        n.trigger("w").recipients("ada").data(Map.of("title", "<script>alert(1)</script>", "trusted", "<i>ok</i>")).send();
        kit.runDue();
        assertThat(email.sentContent("html")).containsExactly("<b>&lt;script&gt;alert(1)&lt;/script&gt;</b><i>ok</i>");
        assertThat(email.sentContent("subject")).containsExactly("<script>alert(1)</script>");
    }

    @Test
    void recipientWithoutChannelDataIsSkippedWithReason() {
        Notifier n = notifier(comment());
        n.users().identify(User.builder("nomail").name("No Mail").build());
        TriggerResult r = n.trigger("new-comment").recipients("nomail").data(Map.of("post", "p")).send();
        kit.runDue();
        WorkflowRun run = onlyRun(n, r.triggerId());
        assertThat(email.sent()).isEmpty();
        assertThat(outcomes(n, run.id())).containsExactly(Outcome.MESSAGE_QUEUED, Outcome.MISSING_CHANNEL_DATA, Outcome.RUN_COMPLETED);
    }

    @Test
    void inlineRecipientsAndActorAreIdentifiedFirst() {
        Notifier n = notifier(comment());
        n.trigger("new-comment").recipient(User.builder("dee").name("Dee").email("dee@example.com").build())
                .actor(User.builder("eve").name("Eve").build()).data(Map.of("post", "P", "body", "B")).send();
        kit.runDue();
        assertThat(n.users().get("dee")).hasValueSatisfying(u -> assertThat(u.email()).hasValue("dee@example.com"));
        assertThat(email.sentContent("text")).containsExactly("Eve wrote: B");
    }

    @Test
    void anInlineRecipientGivenTwiceKeepsTheFirstOccurrencesFields() {
        Notifier n = notifier(comment());
        n.trigger("new-comment").recipient(User.builder("dee").name("Dee").email("first@example.com").build())
                .recipient(User.builder("dee").name("Dee Two").email("second@example.com").build())
                .actor(User.builder("dee").name("Dee Three").build())
                .data(Map.of("post", "P", "body", "B")).send();
        kit.runDue();
        assertThat(n.users().get("dee")).hasValueSatisfying(u -> {
            assertThat(u.email()).hasValue("first@example.com");
            assertThat(u.name()).hasValue("Dee");
        });
        assertThat(email.sent()).singleElement().satisfies(m -> assertThat(m.recipientField("email")).isEqualTo("first@example.com"));
    }

    @Test
    void triggeringAnObjectThatDoesNotExistFailsNamingItAndStoresNothing() {
        Notifier n = notifier(comment());
        ObjectRef ghost = ObjectRef.of("projects", "ghost");
        assertThatThrownBy(() -> n.trigger("new-comment").recipient(User.builder("dee").name("Dee").build()).recipient(ghost)
                .idempotencyKey("k1").data(Map.of("post", "P", "body", "B")).send())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("projects/ghost");
        assertThat(store.countJobs()).isZero();
        assertThat(n.users().get("dee")).isEmpty();
        // the key was not spent: once the object exists the same trigger goes through
        n.objects().set(ghost, Map.of("name", "Ghost"));
        TriggerResult r = n.trigger("new-comment").recipient(User.builder("dee").name("Dee").build()).recipient(ghost)
                .idempotencyKey("k1").data(Map.of("post", "P", "body", "B")).send();
        assertThat(r.replayed()).isFalse();
    }

    @Test
    void subscribingAUserNeverIdentifiedFailsNamingThemAndSubscribesNobody() {
        Notifier n = notifier(comment());
        n.users().identify(user("ada"));
        ObjectRef project = ObjectRef.of("projects", "p1");
        n.objects().set(project, Map.of());
        assertThatThrownBy(() -> n.objects().subscribe(project, "ada", "ghost", "phantom"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost").hasMessageContaining("phantom")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ada"));
        assertThat(n.objects().subscribers(project, null, 10)).isEmpty();
        n.objects().subscribe(project, "ada");
        assertThat(n.objects().subscribers(project, null, 10)).extracting(s -> s.userId()).containsExactly("ada");
    }

    @Test
    void aFanOutSkipsASubscriptionWhoseUserIsGone() {
        Notifier n = notifier(comment());
        n.users().identify(user("ada"));
        ObjectRef project = ObjectRef.of("projects", "p1");
        n.objects().set(project, Map.of());
        // as a user deleted while being subscribed would leave it, or data written before subscribe checked users
        store.subscribe(List.of(new io.github.knockj.core.Subscription(project, "ada", Map.of(), kit.now()),
                new io.github.knockj.core.Subscription(project, "ghost", Map.of(), kit.now())));
        TriggerResult r = n.trigger("new-comment").recipient(project).data(Map.of("post", "P", "body", "B")).send();
        kit.runDue();
        assertThat(n.runs().ofTrigger(r.triggerId(), 10)).extracting(WorkflowRun::recipient)
                .containsExactlyInAnyOrder(Recipient.user("ada"), Recipient.object(project));
        assertThat(n.feed("ghost", "in-app").list().items()).isEmpty();
    }

    @Test
    void perRecipientDataOverridesTriggerData() {
        Notifier n = notifier(comment());
        n.users().identifyAll(List.of(user("ada"), user("bob")));
        n.trigger("new-comment").recipients("ada", "bob").data(Map.of("post", "Shared", "body", "x"))
                .recipientData("bob", Map.of("post", "Bob's")).send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items().get(0).content().get("body")).endsWith("on Shared");
        assertThat(n.feed("bob", "in-app").list().items().get(0).content().get("body")).endsWith("on Bob's");
    }

    @Test
    void aTemplateRendersEachTriggersOwnDataAndEachRecipientsOwnFields() {
        // the engine reuses a rendering while the variables it reads are the same objects: never across triggers or recipients
        Notifier n = notifier(Workflow.builder("shared")
                .step(Steps.channel("feed", "in-app").body("{{ data.post }}"))
                .step(Steps.channel("named", "in-app").body("{{ recipient.name }}: {{ data.post }}"))
                .build());
        n.users().identifyAll(List.of(user("ada"), user("bob")));
        n.trigger("shared").recipients("ada", "bob").data(Map.of("post", "First")).send();
        kit.runDue();
        n.trigger("shared").recipients("ada").data(Map.of("post", "Second")).send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).extracting(m -> m.content().get("body"))
                .containsExactly("Ada: Second", "Second", "Ada: First", "First");
        assertThat(n.feed("bob", "in-app").list().items()).extracting(m -> m.content().get("body"))
                .containsExactly("Bob: First", "First");
    }

    @Test
    void aLargeObjectFansOutInRangesThatTogetherReachEverySubscriberOnce() {
        // page 3, so one splitter covers 48 subscribers and hands 15 ranges to other jobs; 200 need 5 splitters
        Notifier n = track(builder().fanoutPageSize(3).workflow(comment()).build());
        ObjectRef team = ObjectRef.of("teams", "all");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) ids.add(String.format("u%03d", i));
        n.users().identifyAll(ids.stream().map(ContractTestBase::user).toList());
        n.objects().set(team, Map.of());
        n.objects().subscribe(team, ids.toArray(String[]::new));

        n.trigger("new-comment").recipient(team).data(Map.of("post", "Launch", "body", "b")).send();
        kit.runDue();

        assertThat(email.sent()).hasSize(200);
        assertThat(email.sent().stream().map(m -> m.recipient().id()).distinct().sorted().toList()).isEqualTo(ids);
    }

    @Test
    void objectTriggerFansOutToSubscribersAndObjectExcludingActorWithoutDuplicates() {
        Notifier n = track(builder().fanoutPageSize(7).workflow(comment()).build());
        ObjectRef project = ObjectRef.of("projects", "p1");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) ids.add(String.format("u%02d", i));
        n.users().identifyAll(ids.stream().map(ContractTestBase::user).toList());
        n.objects().set(project, Map.of("name", "Apollo"));
        n.objects().subscribe(project, ids.toArray(String[]::new));

        TriggerResult r = n.trigger("new-comment").recipient(project).recipients("u03", "u04").actor("u00")
                .data(Map.of("post", "Launch", "body", "b")).send();
        kit.runDue();

        List<WorkflowRun> runs = n.runs().ofTrigger(r.triggerId(), 100);
        Set<Recipient> recipients = new HashSet<>();
        runs.forEach(run -> recipients.add(run.recipient()));
        assertThat(runs).hasSize(30); // 29 subscribers (actor excluded) + the object itself
        assertThat(recipients).hasSize(30).contains(Recipient.object(project)).doesNotContain(Recipient.user("u00"));
        assertThat(email.sent()).hasSize(29);
        assertThat(email.sent().stream().map(m -> m.recipient().id()).distinct().count()).isEqualTo(29);
    }

    @Test
    void subscriptionPropertiesReachTemplates() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.channel("feed", "in-app").body("role={{ recipient.subscription.role }}")).build());
        n.users().identify(user("ada"));
        ObjectRef o = ObjectRef.of("teams", "t1");
        n.objects().set(o, Map.of());
        n.objects().subscribe(o, List.of("ada"), Map.of("role", "owner"));
        n.trigger("w").recipient(o).send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).extracting(m -> m.content().get("body")).containsExactly("role=owner");
    }

    @Test
    void tenantScopesMessagesAndReachesTemplates() {
        Notifier n = notifier(Workflow.builder("w").step(Steps.channel("feed", "in-app").body("{{ tenant.name }}: {{ tenant.brand }}")).build());
        n.tenants().set(Tenant.of("acme").withName("Acme").withProperties(Map.of("brand", "red")));
        n.users().identify(user("ada"));
        n.trigger("w").recipients("ada").tenant("acme").send();
        n.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).hasSize(2);
        assertThat(n.feed("ada", "in-app").tenant("acme").list().items()).extracting(m -> m.content().get("body")).containsExactly("Acme: red");
    }

    @Test
    void unknownAndInactiveWorkflowsAreRejected() {
        Notifier n = notifier(comment(), Workflow.builder("off").active(false).step(Steps.channel("f", "in-app").body("x")).build());
        assertThatThrownBy(() -> n.trigger("nope").recipients("a").send()).isInstanceOf(UnknownWorkflowException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> n.trigger("off").recipients("a").send()).isInstanceOf(WorkflowInactiveException.class);
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void badRecipientsAndDataAreRejectedWithoutWritingAnything() {
        Notifier n = track(builder().maxPayloadBytes(1000).maxRecipients(3).workflow(comment()).build());
        assertThatThrownBy(() -> n.trigger("new-comment").send()).isInstanceOf(InvalidInputException.class).hasMessageContaining("recipients");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("a/b").send()).isInstanceOf(InvalidInputException.class).hasMessageContaining("'/'");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients(" ").send()).isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("a".repeat(300)).send()).isInstanceOf(InvalidInputException.class).hasMessageContaining("300");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("a", "b", "c", "d").send()).isInstanceOf(InvalidInputException.class).hasMessageContaining("limit of 3");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("a").data(Map.of("big", "x".repeat(2000))).send())
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("a").data(Map.of("thread", new Object())).send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.data.thread").hasMessageContaining("not JSON-compatible");
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void unpairedSurrogatesAndNulAreRejectedAndOtherTextIsStoredExactly() {
        Notifier n = notifier(comment());
        // ids: rejected with the field named, nothing written (not a duplicate key on a database that mangles them)
        for (String id : List.of("m\uD800", "m\uDC00", "\uDE00m", "m\uD83D", "m\u0000")) {
            assertThatThrownBy(() -> n.users().identify(user(id))).as(id).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("user.id");
        }
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada\uD800").send()).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").tenant("t\uDC00").send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.tenant");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").idempotencyKey("k\u0000").send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.idempotencyKey");
        // data and free text: rejected naming the path
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").data(Map.of("s", "a\uD800b")).send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.data.s").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").data(Map.of("list", List.of("ok", "a\u0000b"))).send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.data.list[1]").hasMessageContaining("NUL");
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").data(Map.of("k\uDBFF", 1)).send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger.data").hasMessageContaining("key");
        assertThatThrownBy(() -> n.users().identify(User.builder("ada").name("A\uD800").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("user.name");
        assertThatThrownBy(() -> n.users().identify(User.builder("ada").properties(Map.of("p", "\u0000")).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("user.properties.p");
        assertThatThrownBy(() -> n.messages().recordProviderStatus("no-such-message", DeliveryStatus.BOUNCED, "x\u0000"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("detail");
        assertThat(store.countJobs()).isZero();
        assertThat(store.findUser("m\uD800")).isEmpty();

        // everything else, astral characters included, comes back exactly as given
        String text = "a\uD83D\uDE00b \u00E9\u4E2D\u2028\uFFFF\t\u007F";
        String id = "m\uD83D\uDE00\u00E9";
        n.users().identify(User.builder(id).name(text).email("e@example.com").properties(Map.of(text, text)).build());
        assertThat(store.findUser(id)).get().satisfies(u -> {
            assertThat(u.id()).isEqualTo(id);
            assertThat(u.name()).contains(text);
            assertThat(u.properties()).isEqualTo(Map.of(text, text));
        });
        TriggerResult r = n.trigger("new-comment").recipients(id).data(Map.of("post", text, text, List.of(text))).send();
        assertThat(store.findTrigger(r.triggerId())).get().satisfies(t -> assertThat(t.data()).isEqualTo(Map.of("post", text, text, List.of(text))));
    }

    @Test
    void idempotencyKeyReplaysTheFirstResultAndRejectsDifferentParameters() {
        Notifier n = notifier(comment());
        n.users().identify(user("ada"));
        TriggerResult first = n.trigger("new-comment").recipients("ada").data(Map.of("post", "P", "body", "B")).idempotencyKey("k1").send();
        TriggerResult again = n.trigger("new-comment").recipients("ada").data(Map.of("body", "B", "post", "P")).idempotencyKey("k1").send();
        assertThat(again).isEqualTo(new TriggerResult(first.triggerId(), true));
        assertThatThrownBy(() -> n.trigger("new-comment").recipients("ada").data(Map.of("post", "Other")).idempotencyKey("k1").send())
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("k1");
        kit.runDue();
        assertThat(email.sent()).hasSize(1);

        kit.advance(java.time.Duration.ofHours(25));
        TriggerResult later = n.trigger("new-comment").recipients("ada").data(Map.of("post", "P", "body", "B")).idempotencyKey("k1").send();
        assertThat(later.replayed()).isFalse();
        assertThat(later.triggerId()).isNotEqualTo(first.triggerId());
    }

    @Test
    void concurrentTriggersSharingIdempotencyKeysEachRunOncePerKey() throws Exception {
        Notifier n = notifier(comment());
        n.users().identify(user("ada"));
        int threads = 16, perThread = 30, keys = 40;
        ConcurrentMap<String, Set<String>> triggerIdsByKey = new ConcurrentHashMap<>();
        AtomicInteger replays = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String key = "k" + ((thread * perThread + i) % keys);
                        TriggerResult r = n.trigger("new-comment").recipients("ada").data(Map.of("post", key, "body", "B")).idempotencyKey(key).send();
                        triggerIdsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(r.triggerId());
                        if (r.replayed()) replays.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        kit.runDue();

        assertThat(triggerIdsByKey).hasSize(keys).allSatisfy((key, ids) -> assertThat(ids).as("triggers for %s", key).hasSize(1));
        assertThat(replays.get()).isEqualTo(threads * perThread - keys);
        assertThat(email.sentContent("subject")).hasSize(keys).doesNotHaveDuplicates();
    }

    @Test
    void stepConditionsSkipStepsAndAreLogged() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.channel("mail", "email").subject("urgent").when(ctx -> "high".equals(ctx.data().get("priority"))))
                .step(Steps.channel("feed", "in-app").body("always"))
                .build());
        n.users().identify(user("ada"));
        TriggerResult low = n.trigger("w").recipients("ada").data(Map.of("priority", "low")).send();
        n.trigger("w").recipients("ada").data(Map.of("priority", "high")).send();
        kit.runDue();
        assertThat(email.sent()).hasSize(1);
        assertThat(outcomes(n, onlyRun(n, low.triggerId()).id())).containsExactly(Outcome.SKIPPED_BY_CONDITION, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
    }

    @Test
    void branchTakesFirstMatchingBranchAndExitBranchEndsTheRun() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.branch("route")
                        .exitWhen("muted", ctx -> Boolean.TRUE.equals(ctx.data().get("muted")))
                        .when("vip", ctx -> Boolean.TRUE.equals(ctx.data().get("vip")), Steps.channel("vip-sms", "sms").text("VIP"))
                        .otherwise(Steps.channel("plain", "in-app").body("plain")))
                .step(Steps.channel("after", "email").subject("after"))
                .build());
        n.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+14155550100").build());
        TriggerResult muted = n.trigger("w").recipients("ada").data(Map.of("muted", true)).send();
        n.trigger("w").recipients("ada").data(Map.of("vip", true)).send();
        n.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(sms.sentContent("text")).containsExactly("VIP");
        assertThat(email.sent()).hasSize(2);
        assertThat(n.feed("ada", "in-app").list().items()).hasSize(1);
        assertThat(outcomes(n, onlyRun(n, muted.triggerId()).id())).containsExactly(Outcome.BRANCH_TAKEN, Outcome.EXITED);
        assertThat(onlyRun(n, muted.triggerId()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void updateDataStepFeedsLaterSteps() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.updateData("enrich", ctx -> Map.of("greeting", "Hello " + ctx.user().flatMap(User::name).orElse("?"))))
                .step(Steps.channel("feed", "in-app").body("{{ data.greeting }}"))
                .build());
        n.users().identify(user("ada"));
        n.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).extracting(m -> m.content().get("body")).containsExactly("Hello Ada");
    }

    @Test
    void triggerWorkflowStepStartsChildRunsAndDepthIsLimited() {
        Workflow parent = Workflow.builder("parent").step(Steps.triggerWorkflow("child", "child")).build();
        Workflow child = Workflow.builder("child").step(Steps.channel("feed", "in-app").body("from child")).build();
        Workflow loop = Workflow.builder("loop").step(Steps.triggerWorkflow("again", "loop")).build();
        Notifier n = track(builder().maxTriggerDepth(3).workflow(parent).workflow(child).workflow(loop).build());
        n.users().identify(user("ada"));
        n.trigger("parent").recipients("ada").send();
        TriggerResult looping = n.trigger("loop").recipients("ada").send();
        kit.runDue();
        assertThat(n.feed("ada", "in-app").list().items()).extracting(m -> m.content().get("body")).containsExactly("from child");
        // the loop ran to the depth limit and the deepest run failed with the reason
        List<WorkflowRun> failed = new ArrayList<>();
        String trigger = looping.triggerId();
        for (int depth = 0; depth <= 3; depth++) {
            WorkflowRun run = onlyRun(n, trigger);
            if (run.status() == RunStatus.FAILED) {
                failed.add(run);
                break;
            }
            // the parent's log names the trigger its trigger-workflow step made
            String detail = n.runs().log(run.id()).stream().filter(e -> e.outcome() == Outcome.WORKFLOW_TRIGGERED)
                    .map(RunLogEntry::detail).findFirst().orElseThrow();
            trigger = detail.substring(detail.lastIndexOf("trigger ") + "trigger ".length());
        }
        assertThat(failed).singleElement().satisfies(run ->
                assertThat(n.runs().log(run.id())).anySatisfy(e -> assertThat(e.detail()).contains("depth limit 3")));
    }

    @Test
    void stepThatThrowsIsRetriedThenFailsTheRun() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.updateData("boom", ctx -> { throw new IllegalStateException("upstream down"); }))
                .build());
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").send();
        kit.runDue();
        assertThat(onlyRun(n, r.triggerId()).status()).isEqualTo(RunStatus.PAUSED);
        kit.advance(java.time.Duration.ofMinutes(2));
        WorkflowRun run = onlyRun(n, r.triggerId());
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcomes(n, run.id())).containsExactly(Outcome.STEP_RETRY, Outcome.STEP_RETRY, Outcome.STEP_FAILED, Outcome.RUN_FAILED);
        assertThat(n.runs().log(run.id()).get(2).detail()).contains("upstream down");
    }

    @Test
    void templateThatFailsAtRenderTimeMarksMessageNotSentAndFailsTheRun() {
        Notifier n = notifier(Workflow.builder("w")
                .step(Steps.channel("mail", "email").subject("{% for i in (1..200000) %}{% for j in (1..200000) %}x{% endfor %}{% endfor %}"))
                .step(Steps.channel("text", "sms").text("after"))
                .build());
        n.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+15550100").build());
        TriggerResult r = n.trigger("w").recipients("ada").send();
        kit.runDue();
        WorkflowRun run = onlyRun(n, r.triggerId());
        assertThat(email.sent()).isEmpty();
        assertThat(sms.sent()).as("the run stops at the step that could not render").isEmpty();
        Message m = n.runs().messages(run.id()).get(0);
        assertThat(m.status()).isEqualTo(DeliveryStatus.NOT_SENT);
        assertThat(n.messages().history(m.id())).singleElement().satisfies(e -> assertThat(e.detail()).contains("subject"));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcomes(n, run.id())).containsExactly(Outcome.RENDER_FAILED, Outcome.RUN_FAILED);
        assertThat(n.runs().log(run.id()).get(1).detail()).contains("step 'mail'").contains("subject");
    }

    @Test
    void strictTemplatesFailTheRunNamingTheUndefinedVariable() {
        Workflow w = Workflow.builder("w").step(Steps.channel("mail", "email").subject("Hi {{ recipient.name }}, {{ data.title }}")).build();
        Notifier n = notifier(w);
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").data(Map.of("other", 1)).send();
        kit.runDue();
        WorkflowRun run = onlyRun(n, r.triggerId());
        assertThat(email.sent()).isEmpty();
        assertThat(run.status()).as("strict is the test kit's default").isEqualTo(RunStatus.FAILED);
        assertThat(n.runs().log(run.id()).get(0).detail()).contains("undefined variable 'data.title'");
    }

    @Test
    void lenientTemplatesSendAndNoteUndefinedVariablesInTheRunLog() {
        Workflow w = Workflow.builder("w").step(Steps.channel("mail", "email").subject("Hi {{ recipient.name }}, {{ data.title }}")).build();
        Notifier n = track(builder().strictTemplates(false).workflow(w).build());
        n.users().identify(user("ada"));
        TriggerResult r = n.trigger("w").recipients("ada").data(Map.of("other", 1)).send();
        kit.runDue();
        WorkflowRun run = onlyRun(n, r.triggerId());
        assertThat(email.sentContent("subject")).containsExactly("Hi Ada, ");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcomes(n, run.id())).containsExactly(Outcome.UNDEFINED_VARIABLES, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
        assertThat(n.runs().log(run.id()).get(0).detail()).contains("field 'subject': data.title");
    }

    @Test
    void templatesEscapeForTheMarkupTheProviderSendsIn() {
        ChannelProvider slackLike = new ChannelProvider() {
            @Override public ChannelType type() { return ChannelType.CHAT; }
            @Override public DeliveryResult send(OutboundMessage message) { return chat.send(message); }
            @Override public Template.Escaping escaping(String field) {
                return field.equals("text") ? Template.Escaping.SLACK_MRKDWN : Template.Escaping.NONE;
            }
        };
        Notifier n = track(builder().channel("slack", slackLike)
                .workflow(Workflow.builder("w").step(Steps.channel("post", "slack").text("{{ data.q | url_decode }} says hi")).build())
                .build());
        n.users().identify(User.builder("ada").name("Ada").channelData("slack", Map.of("url", "https://hooks.example.com/x")).build());
        n.trigger("w").recipients("ada").data(Map.of("q", "%3C%21channel%3E")).send();
        kit.runDue();
        assertThat(chat.sentContent("text")).containsExactly("&lt;!channel&gt; says hi");
    }

    @Test
    void retentionPurgesFinishedRunsAndMessagesButKeepsLiveOnes() {
        Notifier n = track(builder().retention(java.time.Duration.ofDays(30))
                .workflow(comment())
                .workflow(Workflow.builder("slow").step(Steps.delay("wait", java.time.Duration.ofDays(60))).step(Steps.channel("f", "in-app").body("late")).build())
                .build());
        n.users().identify(user("ada"));
        TriggerResult done = n.trigger("new-comment").recipients("ada").data(Map.of("post", "p", "body", "b")).send();
        TriggerResult waiting = n.trigger("slow").recipients("ada").send();
        kit.runDue();
        assertThat(n.purgeExpired()).isZero();
        kit.advance(java.time.Duration.ofDays(31));
        assertThat(n.purgeExpired()).isGreaterThanOrEqualTo(3);
        assertThat(n.runs().ofTrigger(done.triggerId(), 10)).isEmpty();
        assertThat(n.feed("ada", "in-app").list().items()).isEmpty();
        assertThat(onlyRun(n, waiting.triggerId()).status()).isEqualTo(RunStatus.PAUSED);
        kit.advance(java.time.Duration.ofDays(30));
        assertThat(n.feed("ada", "in-app").list().items()).extracting(m -> m.content().get("body")).containsExactly("late");
    }

    @Test
    void identifyMergesAndUsersCanBeMergedAndDeleted() {
        Notifier n = notifier(comment());
        ObjectRef project = ObjectRef.of("projects", "p1");
        n.users().identify(User.builder("anon-7").email("guest@example.com").property("visits", 3).build());
        n.objects().subscribe(project, "anon-7");
        n.preferences().set("anon-7", io.github.knockj.core.PreferenceSet.builder().channelType(ChannelType.SMS, false).build());
        n.users().identify(User.builder("ada").name("Ada").property("plan", "pro").build());
        n.users().identify(User.builder("ada").property("team", Map.of("name", "core")).build());
        assertThat(n.users().get("ada").orElseThrow().properties()).isEqualTo(Map.of("plan", "pro", "team", Map.of("name", "core")));

        User merged = n.users().merge("anon-7", "ada");
        assertThat(merged.name()).hasValue("Ada");
        assertThat(merged.email()).hasValue("guest@example.com");
        assertThat(merged.properties()).containsEntry("visits", 3).containsEntry("plan", "pro");
        assertThat(n.users().get("anon-7")).isEmpty();
        assertThat(n.objects().subscribers(project, null, 10)).extracting(io.github.knockj.core.Subscription::userId).containsExactly("ada");
        assertThat(n.preferences().get("ada").orElseThrow().channelTypes()).containsEntry(ChannelType.SMS, false);

        assertThat(n.users().delete("ada")).isTrue();
        assertThat(n.objects().subscribers(project, null, 10)).isEmpty();
        assertThat(n.preferences().get("ada")).isEmpty();
        assertThatThrownBy(() -> n.users().merge("ghost", "ada")).isInstanceOf(io.github.knockj.core.NotFoundException.class);
    }

    @Test
    void anObjectWithChannelDataReceivesOnThatChannel() {
        Notifier n = notifier(Workflow.builder("deploys").step(Steps.channel("slack", "chat").text("Deployed {{ data.version }} to {{ recipient.name }}")).build());
        ObjectRef channel = ObjectRef.of("slack-channels", "ops");
        n.objects().set(channel, Map.of("name", "#ops"));
        n.objects().setChannelData(channel, "chat", Map.of("url", "https://hooks.example/ops"));
        n.trigger("deploys").recipient(channel).data(Map.of("version", "1.4")).send();
        kit.runDue();
        assertThat(chat.sent()).singleElement().satisfies(m -> {
            assertThat(m.content("text")).isEqualTo("Deployed 1.4 to #ops");
            assertThat(m.recipient().isUser()).isFalse();
            assertThat(m.recipient().channelData()).containsEntry("url", "https://hooks.example/ops");
        });
        assertThat(n.objects().delete(channel)).isTrue();
        assertThat(n.objects().get(channel)).isEmpty();
    }
}
