package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.NotifierTracing;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What the library logs: contained listener and tracing errors, undelivered messages, and the MDC while jobs run. */
class ObservabilityTest {
    private static final String PROVIDER_LOG = "test.provider";
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger providerLog = (Logger) LoggerFactory.getLogger(PROVIDER_LOG);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final TestKit kit = TestKit.create();
    private Notifier notifier;

    @BeforeEach
    void attach() {
        logs.start();
        root.addAppender(logs);
        providerLog.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        if (notifier != null) notifier.close();
        root.detachAppender(logs);
        providerLog.setLevel(null);
    }

    private static Workflow note() {
        return Workflow.builder("note").step(Steps.channel("feed", "in-app").body("hello")).build();
    }

    private List<ILoggingEvent> warnings() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    @Test
    void listenerErrorsAreContainedAndLoggedOnceEach() {
        notifier = Notifier.builder().testKit(kit).channel("in-app", InAppFeedChannel.create()).workflow(note())
                .listener(new NotifierListener() {
                    @Override
                    public void onMessageCreated(Message m) {
                        throw new AssertionError("listener assertion");
                    }

                    @Override
                    public void onRunFinished(WorkflowRun run) {
                        throw new StackOverflowError("listener recursion");
                    }
                }).build();
        notifier.users().identify(User.builder("ada").build());
        notifier.trigger("note").recipients("ada").send();

        assertThatCode(kit::runDue).doesNotThrowAnyException();

        assertThat(notifier.feed("ada", "in-app").list().items()).hasSize(1);
        assertThat(warnings()).extracting(e -> e.getThrowableProxy() == null ? null : e.getThrowableProxy().getClassName())
                .containsExactlyInAnyOrder(AssertionError.class.getName(), StackOverflowError.class.getName());
    }

    @Test
    void tracingErrorsAreContainedAndTheNotificationStillGoesOut() {
        RecordingProvider mail = RecordingProvider.of(ChannelType.EMAIL);
        NotifierTracing broken = new NotifierTracing() {
            @Override
            public String capture() {
                throw new IllegalStateException("capture broke");
            }

            @Override
            public Span start(String name, String parentContext, Map<String, String> low, Map<String, String> high) {
                if (name.equals("knock.run")) throw new IllegalStateException("start broke");
                return new Span() {
                    @Override
                    public String context() {
                        return "x".repeat(1001); // too long to store: dropped
                    }

                    @Override
                    public void tag(String key, String value, boolean highCardinality) {
                        throw new AssertionError("tag broke");
                    }

                    @Override
                    public void end(Throwable error) {
                        throw new IllegalStateException("end broke");
                    }
                };
            }
        };
        notifier = Notifier.builder().testKit(kit).channel("mail", mail)
                .workflow(Workflow.builder("w").step(Steps.channel("email", "mail").subject("s").text("t")).build())
                .tracing(broken).build();
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());

        String triggerId = notifier.trigger("w").recipients("ada").send().triggerId();
        assertThatCode(kit::runDue).doesNotThrowAnyException();

        assertThat(mail.sent()).hasSize(1);
        assertThat(notifier.runs().ofTrigger(triggerId, 10)).hasSize(1).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(warnings()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("capturing the caller's trace"))
                .anyMatch(m -> m.contains("starting span knock.run"))
                .anyMatch(m -> m.contains("over 1000; not stored"))
                .anyMatch(m -> m.contains("threw ending"));
    }

    @Test
    void eachTriggerOfABulkCallHasItsOwnSpanAndStoresItsContext() {
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger spans = new java.util.concurrent.atomic.AtomicInteger();
        NotifierTracing recording = (name, parent, low, high) -> {
            String ctx = name + "#" + spans.incrementAndGet();
            return new NotifierTracing.Span() {
                @Override
                public String context() {
                    return ctx;
                }

                @Override
                public void tag(String key, String value, boolean highCardinality) {
                    if (key.equals("knock.trigger.id")) ended.add(ctx + "=" + value);
                }

                @Override
                public void end(Throwable error) {
                    if (error != null) ended.add(ctx + "!" + error.getClass().getSimpleName());
                }
            };
        };
        io.github.knockj.core.memory.InMemoryStore store = io.github.knockj.core.memory.InMemoryStore.create();
        notifier = Notifier.builder().testKit(kit).store(store).channel("in-app", InAppFeedChannel.create()).workflow(note())
                .tracing(recording).build();
        List<TriggerResult> results = notifier.bulkTrigger().add(notifier.trigger("note").recipients("ada"))
                .add(notifier.trigger("note").recipients("bob")).send();
        assertThat(ended).containsExactly("knock.trigger#1=" + results.get(0).triggerId(), "knock.trigger#2=" + results.get(1).triggerId());
        assertThat(store.findTrigger(results.get(1).triggerId())).get().satisfies(t -> assertThat(t.traceContext()).isEqualTo("knock.trigger#2"));

        ended.clear();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> notifier.bulkTrigger().add(notifier.trigger("note").recipients("ada"))
                .add(notifier.trigger("nope").recipients("bob")).send()).isInstanceOf(UnknownWorkflowException.class);
        assertThat(ended).hasSize(2).allSatisfy(e -> assertThat(e).endsWith("!UnknownWorkflowException"));
    }

    @Test
    void aTracedTriggerOfNoWorkflowFailsAsAnUntracedOneDoes() {
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        NotifierTracing recording = (name, parent, low, high) -> new NotifierTracing.Span() {
            @Override
            public String context() {
                return null;
            }

            @Override
            public void tag(String key, String value, boolean highCardinality) {}

            @Override
            public void end(Throwable error) {
                errors.add(error);
            }
        };
        notifier = Notifier.builder().testKit(kit).channel("in-app", InAppFeedChannel.create()).workflow(note()).tracing(recording).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> notifier.trigger((String) null).recipients("ada").send())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("workflow");
        assertThat(errors).singleElement().isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aMessageThatEndsUndeliveredIsWarnedOnceWithItsIdChannelAndReason() {
        org.slf4j.Logger fromProvider = LoggerFactory.getLogger(PROVIDER_LOG);
        ChannelProvider failing = new ChannelProvider() {
            @Override
            public ChannelType type() {
                return ChannelType.EMAIL;
            }

            @Override
            public DeliveryResult send(OutboundMessage m) {
                fromProvider.info("sending {}", m.message().id());
                return DeliveryResult.retryable("HTTP 503 from the gateway", null);
            }
        };
        notifier = Notifier.builder().testKit(kit)
                .channel("mail", new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 0), failing)
                .workflow(Workflow.builder("w").step(Steps.channel("email", "mail").subject("s").text("t")).build())
                .build();
        notifier.users().identify(User.builder("ada").email("ada@example.com").build());
        TriggerResult r = notifier.trigger("w").recipients("ada").send();
        kit.runDue();
        for (int i = 0; i < 5; i++) kit.advance(Duration.ofMinutes(1));

        WorkflowRun run = notifier.runs().ofTrigger(r.triggerId(), 1).get(0);
        Message m = notifier.runs().messages(run.id()).get(0);
        assertThat(m.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(warnings()).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains(m.id()).contains("'mail'").contains("HTTP 503 from the gateway").contains("undelivered");
            assertThat(e.getMDCPropertyMap()).containsEntry("knock.messageId", m.id()).containsEntry("knock.runId", run.id());
        });
        List<ILoggingEvent> calls = logs.list.stream().filter(e -> e.getLoggerName().equals(PROVIDER_LOG)).toList();
        assertThat(calls).hasSize(3).allSatisfy(e -> {
            assertThat(e.getMDCPropertyMap()).containsEntry("knock.messageId", m.id()).containsEntry("knock.runId", run.id())
                    .containsKey("knock.jobId");
        });
        assertThat(MDC.getCopyOfContextMap() == null ? Map.of() : MDC.getCopyOfContextMap()).isEmpty();
    }

    @Test
    void jobsRunWithTheirIdsInTheMdcAndClearThemAfter() {
        org.slf4j.Logger fromListener = LoggerFactory.getLogger(PROVIDER_LOG);
        notifier = Notifier.builder().testKit(kit).channel("in-app", InAppFeedChannel.create()).workflow(note())
                .listener(new NotifierListener() {
                    @Override
                    public void onRunStarted(WorkflowRun run) {
                        fromListener.info("started {}", run.id());
                    }
                }).build();
        notifier.users().identify(User.builder("ada").build());
        MDC.put("app.request", "r1");
        try {
            TriggerResult r = notifier.trigger("note").recipients("ada").send();
            kit.runDue();
            WorkflowRun run = notifier.runs().ofTrigger(r.triggerId(), 1).get(0);
            assertThat(logs.list.stream().filter(e -> e.getLoggerName().equals(PROVIDER_LOG))).singleElement()
                    .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("knock.runId", run.id())
                            .containsEntry("knock.triggerId", r.triggerId()));
            assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("app.request", "r1"));
        } finally {
            MDC.remove("app.request");
        }
    }
}
