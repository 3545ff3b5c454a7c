package io.github.knockj.core.internal;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.User;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.OutboundMessage;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands queued messages to their channel providers and records what came of it: a status, a history
 * entry per attempt, a retry with backoff, or failover to the channel's next provider. Each call runs
 * on threads of its own channel and is waited for at most the call timeout; the outcomes of a chunk
 * are committed in waves ({@link #WAVE}), so a provider that hangs costs its own channel threads and
 * delays no other channel's deliveries by more than a wave. What a provider reports is kept clean
 * ({@link #clean}) and its retry-after bounded, so no answer can make a chunk impossible to commit.
 *
 * <p>Every outcome is a guarded {@link DeliveryUpdate}: it applies only if the message is still in
 * the status read before the call, so a status recorded while the call was out (a provider's
 * callback) is not overwritten; the attempt's history event is written either way. Its webhook
 * notices ride on that update ({@link DeliveryUpdate#jobsIfApplied}, put there by {@link
 * DeliverJobHandler}) and are written only if it applies.
 */
final class Deliverer {
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

    /** A status change to announce to listeners once committed, with the reason recorded for it (or null). */
    record Change(Message message, DeliveryStatus previous, String detail) {}

    /** Tokens a provider reported invalid for a user's channel. */
    record TokenRemoval(String userId, String channelKey, List<String> tokens) {}

    /** What a chunk of deliveries produced, beyond the change set. */
    record Report(List<Change> changes, List<TokenRemoval> removals) {}

    /** Most provider calls in flight per channel. */
    static final int MAX_CALL_THREADS_PER_CHANNEL = 32;
    /** Calls waiting for a channel thread; beyond it (every thread stuck) deliveries wait in the durable queue. */
    static final int MAX_QUEUED_CALLS_PER_CHANNEL = 4096;
    /** How long a delivery waits when its channel's threads and queue are full. */
    static final Duration SATURATED_RETRY = Duration.ofSeconds(1);

    private final Store store;
    private final Clock clock;
    private final Map<String, ChannelRegistration> channels;
    private final Duration callTimeout;
    private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();
    private final Listeners listeners;
    private final Tracing tracing;

    Deliverer(Store store, Clock clock, Map<String, ChannelRegistration> channels, Duration callTimeout, Listeners listeners, Tracing tracing) {
        this.listeners = listeners;
        this.tracing = tracing;
        this.store = store;
        this.clock = clock;
        this.channels = channels;
        this.callTimeout = callTimeout;
    }

    /** How long a chunk waits for its slowest calls before committing the outcomes it already has. */
    static final Duration WAVE = Duration.ofMillis(500);
    /** Longest wait a provider's retry-after may impose. */
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    /** Longest provider-supplied text (reason, provider message id) kept in a message's history. */
    static final int MAX_PROVIDER_TEXT = 2_000;

    /** The calls of one chunk: those still out, and what the answered ones produced since last collected. */
    static final class Pending {
        private final List<Call> calls;
        private final long deadline;
        private List<Change> changes;
        private List<TokenRemoval> removals = new ArrayList<>();

        private Pending(List<Call> calls, List<Change> changes, long deadline) {
            this.calls = calls;
            this.changes = changes;
            this.deadline = deadline;
        }

        boolean isDone() {
            return calls.isEmpty();
        }
    }

    /**
     * Hands every message of {@code jobs} to its provider, each call on its channel's own threads;
     * outcomes known without a call (a message gone, a channel unregistered, a limit reached) go into
     * {@code cs} at once.
     */
    Pending start(List<Job> jobs, ChangeSet cs) {
        List<String> ids = new ArrayList<>(jobs.size());
        for (Job j : jobs) ids.add(j.target());
        Map<String, Message> messages = store.findMessages(ids);
        Set<String> userIds = new HashSet<>();
        for (Message m : messages.values()) if (m.recipient().isUser()) userIds.add(m.recipient().id());
        Map<String, User> users = userIds.isEmpty() ? Map.of() : store.findUsers(userIds);
        Map<ObjectRef, KnockObject> objects = new HashMap<>();
        List<Change> changes = new ArrayList<>(jobs.size());
        Map<String, String> traceContexts = tracing.enabled() ? traceContexts(messages.values()) : Map.of();

        // hand every message to its provider, each call on its channel's own threads
        List<Call> calls = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            Message m = messages.get(job.target());
            if (m == null || m.status().isFinal()) {
                cs.completedJobs().add(job.id());
                continue;
            }
            ChannelRegistration reg = channels.get(m.channelKey());
            if (reg == null) {
                finish(cs, job, m, DeliveryStatus.UNDELIVERED, m.attempts(), "channel '" + m.channelKey() + "' is no longer registered", changes);
                continue;
            }
            OutboundMessage.RecipientInfo info = recipientInfo(m, users, objects);
            int providerIndex = DeliverPayload.decode(job.payload()).provider();
            if (providerIndex >= reg.providers().size()) providerIndex = 0;
            ChannelProvider provider = reg.providers().get(providerIndex);
            ProviderLimiter limiter = reg.limiter(providerIndex);
            if (limiter != null) {
                Instant retryAt = limiter.tryAcquire(clock.instant());
                if (retryAt != null) {
                    defer(cs, job, retryAt); // over the provider's limit: wait in the queue, no attempt spent
                    continue;
                }
            }
            OutboundMessage out = new OutboundMessage(m, info, m.attempts() + 1, m.id());
            Future<DeliveryResult> future;
            try {
                future = executor(reg.key()).submit(() -> {
                    try (Mdc ignored = Mdc.put(Mdc.JOB_ID, job.id(), Mdc.RUN_ID, m.runId(), Mdc.MESSAGE_ID, m.id())) {
                        long started = System.nanoTime();
                        DeliveryResult r = tracing.enabled() ? callTraced(provider, out, traceContexts.get(m.runId())) : call(provider, out, null);
                        if (!listeners.isEmpty()) listeners.providerCalled(out, provider.name(), r, Duration.ofNanos(System.nanoTime() - started));
                        return r;
                    } finally {
                        if (limiter != null) limiter.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                if (limiter != null) limiter.release();
                // every thread of this channel is busy and its queue is full: try again shortly
                defer(cs, job, clock.instant().plus(SATURATED_RETRY));
                continue;
            }
            calls.add(new Call(job, m, reg, providerIndex, provider, info, future));
        }

        return new Pending(calls, changes, System.nanoTime() + callTimeout.toNanos());
    }

    /**
     * Waits up to {@code wave} (never past the chunk's call timeout) for the calls still out and adds
     * the outcomes of those that answered, or ran out of time, to {@code cs}. Calls that are merely
     * slow stay pending for the next wave, so that one hung provider does not hold back the commit of
     * the other deliveries in its chunk.
     */
    Report collect(Pending p, ChangeSet cs, Duration wave) {
        long waveEnd = Math.min(p.deadline, System.nanoTime() + wave.toNanos());
        for (java.util.Iterator<Call> it = p.calls.iterator(); it.hasNext(); ) {
            Call c = it.next();
            DeliveryResult r;
            try {
                r = c.future.get(Math.max(0, waveEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() < p.deadline) continue; // slow, not yet late: the next wave
                c.future.cancel(true);
                r = DeliveryResult.retryable("provider " + c.provider.name() + " did not answer within " + callTimeout, null);
            } catch (ExecutionException e) {
                r = DeliveryResult.retryable("provider " + c.provider.name() + " failed: " + e.getCause(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r = DeliveryResult.retryable("interrupted while waiting for provider " + c.provider.name(), null);
            }
            it.remove();
            apply(cs, c, r, p.changes, p.removals);
        }
        Report out = new Report(p.changes, p.removals);
        p.changes = new ArrayList<>();
        p.removals = new ArrayList<>();
        return out;
    }

    /** Provider-supplied text as the history keeps it: no NUL or other control characters, bounded length. */
    static String clean(String s) {
        if (s == null) return null;
        StringBuilder b = null;
        int n = Math.min(s.length(), MAX_PROVIDER_TEXT);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            boolean bad = ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0x7f;
            if (bad && b == null) b = new StringBuilder(n).append(s, 0, i);
            if (b != null) b.append(bad ? '\uFFFD' : ch);
        }
        String out = b == null ? s.substring(0, n) : b.toString();
        return s.length() > MAX_PROVIDER_TEXT ? out + "... (" + s.length() + " characters)" : out;
    }

    private record Call(Job job, Message message, ChannelRegistration reg, int providerIndex, ChannelProvider provider,
                        OutboundMessage.RecipientInfo info, Future<DeliveryResult> future) {}

    private void defer(ChangeSet cs, Job job, Instant retryAt) {
        cs.completedJobs().add(job.id());
        cs.jobs().add(Job.create(Ids.next(), job.kind(), job.target(), job.payload(), retryAt, clock.instant()));
    }

    private ExecutorService executor(String channelKey) {
        return executors.computeIfAbsent(channelKey, k -> {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CALL_THREADS_PER_CHANNEL, MAX_CALL_THREADS_PER_CHANNEL, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(MAX_QUEUED_CALLS_PER_CHANNEL), r -> {
                Thread t = new Thread(r, "knock-provider-" + k + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        });
    }

    void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
    }

    private void apply(ChangeSet cs, Call c, DeliveryResult r, List<Change> changes, List<TokenRemoval> removals) {
        Job job = c.job();
        Message m = c.message();
        ChannelRegistration reg = c.reg();
        int providerIndex = c.providerIndex();
        ChannelProvider provider = c.provider();
        int attempt = m.attempts() + 1;
        Instant now = clock.instant();
        if (m.recipient().isUser() && (!r.invalidTokens().isEmpty() || r.kind() == DeliveryResult.Kind.INVALID_TOKEN)) {
            List<String> bad = r.invalidTokens();
            if (bad.isEmpty() && c.info().channelData().get("tokens") instanceof java.util.Collection<?> all) {
                bad = all.stream().map(String::valueOf).toList();
            }
            if (!bad.isEmpty()) removals.add(new TokenRemoval(m.recipient().id(), m.channelKey(), bad));
        }
        String via = reg.providers().size() > 1 ? " via " + provider.name() : "";
        String reason = clean(r.reason());
        String providerMessageId = clean(r.providerMessageId());
        switch (r.kind()) {
            case DELIVERED -> finish(cs, job, m, DeliveryStatus.DELIVERED, attempt, note(providerMessageId) + via, changes);
            case SENT -> finish(cs, job, m, DeliveryStatus.SENT, attempt, note(providerMessageId) + via, changes);
            case PERMANENT, INVALID_TOKEN -> {
                if (providerIndex + 1 < reg.providers().size()) {
                    failover(cs, job, m, attempt, providerIndex + 1, provider.name() + ": " + reason, now, changes);
                } else {
                    finish(cs, job, m, DeliveryStatus.UNDELIVERED, attempt, reason + via, changes);
                }
            }
            case RETRYABLE -> {
                if (providerIndex + 1 < reg.providers().size()) {
                    failover(cs, job, m, attempt, providerIndex + 1, provider.name() + ": " + reason, now, changes);
                } else if (attempt >= reg.retryPolicy().maxAttempts()) {
                    finish(cs, job, m, DeliveryStatus.UNDELIVERED, attempt, "gave up after " + attempt + " attempts: " + reason, changes);
                } else {
                    Duration wait = reg.retryPolicy().delayBefore(attempt);
                    if (r.retryAfter() != null && r.retryAfter().compareTo(wait) > 0) {
                        wait = r.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : r.retryAfter();
                    }
                    Instant due = now.plus(wait);
                    cs.deliveries().add(new DeliveryUpdate(m.id(), DeliveryStatus.DELIVERY_ATTEMPTED, attempt, now, m.status()));
                    cs.events().add(MessageEvent.of(m.id(), now, DeliveryStatus.DELIVERY_ATTEMPTED,
                            "attempt " + attempt + " failed" + via + ": " + reason + "; retry at " + due));
                    // retries start again from the first provider
                    cs.jobs().add(Job.create(Ids.next(), job.kind(), job.target(), DeliverPayload.FIRST.encode(), due, now));
                    cs.completedJobs().add(job.id());
                    if (m.status() != DeliveryStatus.DELIVERY_ATTEMPTED) {
                        changes.add(new Change(m.withDelivery(DeliveryStatus.DELIVERY_ATTEMPTED, attempt, now), m.status(), null));
                    }
                }
            }
        }
    }

    private void failover(ChangeSet cs, Job job, Message m, int attempt, int nextProvider, String reason, Instant now, List<Change> changes) {
        cs.deliveries().add(new DeliveryUpdate(m.id(), DeliveryStatus.DELIVERY_ATTEMPTED, attempt, now, m.status()));
        cs.events().add(MessageEvent.of(m.id(), now, DeliveryStatus.DELIVERY_ATTEMPTED, reason + "; failing over"));
        cs.jobs().add(Job.create(Ids.next(), job.kind(), job.target(), new DeliverPayload(nextProvider).encode(), now, now));
        cs.completedJobs().add(job.id());
        if (m.status() != DeliveryStatus.DELIVERY_ATTEMPTED) {
            changes.add(new Change(m.withDelivery(DeliveryStatus.DELIVERY_ATTEMPTED, attempt, now), m.status(), null));
        }
    }

    private static String note(String providerMessageId) {
        return providerMessageId == null ? "" : "provider id " + providerMessageId;
    }

    private void finish(ChangeSet cs, Job job, Message m, DeliveryStatus status, int attempts, String detail, List<Change> changes) {
        Instant now = clock.instant();
        cs.deliveries().add(new DeliveryUpdate(m.id(), status, attempts, now, m.status()));
        cs.events().add(MessageEvent.of(m.id(), now, status, detail == null || detail.isEmpty() ? null : detail));
        cs.completedJobs().add(job.id());
        changes.add(new Change(m.withDelivery(status, attempts, now), m.status(), detail));
    }

    /**
     * Logs, at WARN, that a message ended undelivered: called once per message, after the status is
     * committed, with the message's ids in the MDC.
     */
    static void warnUndelivered(Message m, String reason) {
        try (Mdc ignored = Mdc.put(Mdc.MESSAGE_ID, m.id(), Mdc.RUN_ID, m.runId())) {
            log.warn("message {} on channel '{}' to {} is undelivered after {} attempt(s): {}", m.id(), m.channelKey(),
                    m.recipient().key(), m.attempts(), reason == null ? "no reason given" : reason);
        }
    }

    private OutboundMessage.RecipientInfo recipientInfo(Message m, Map<String, User> users, Map<ObjectRef, KnockObject> objects) {
        if (m.recipient().isUser()) {
            User u = users.get(m.recipient().id());
            return u == null
                    ? new OutboundMessage.RecipientInfo(m.recipient().id(), true, Map.of("id", m.recipient().id()), Map.of())
                    : new OutboundMessage.RecipientInfo(u.id(), true, new LazyMap(u::toTemplateMap), u.channelData(m.channelKey()));
        }
        ObjectRef ref = m.recipient().objectRef();
        KnockObject o = objects.computeIfAbsent(ref, r -> store.findObject(r).orElse(null));
        return o == null
                ? new OutboundMessage.RecipientInfo(ref.id(), false, Map.of("id", ref.id()), Map.of())
                : new OutboundMessage.RecipientInfo(ref.id(), false, o.toTemplateMap(), o.channelData().getOrDefault(m.channelKey(), Map.of()));
    }

    /** The trace contexts of the triggers of {@code messages}' runs, by run id: two round trips, made only when traced. */
    private Map<String, String> traceContexts(java.util.Collection<Message> messages) {
        Set<String> runIds = new HashSet<>();
        for (Message m : messages) runIds.add(m.runId());
        if (runIds.isEmpty()) return Map.of();
        try {
            Map<String, io.github.knockj.core.WorkflowRun> runs = store.findRuns(runIds);
            Set<String> triggerIds = new HashSet<>();
            for (io.github.knockj.core.WorkflowRun r : runs.values()) triggerIds.add(r.triggerId());
            Map<String, io.github.knockj.core.spi.TriggerRecord> triggers = triggerIds.isEmpty() ? Map.of() : store.findTriggers(triggerIds);
            Map<String, String> out = new HashMap<>();
            for (io.github.knockj.core.WorkflowRun r : runs.values()) {
                io.github.knockj.core.spi.TriggerRecord t = triggers.get(r.triggerId());
                if (t != null && t.traceContext() != null) out.put(r.id(), t.traceContext());
            }
            return out;
        } catch (RuntimeException e) {
            log.warn("could not read the trace contexts of {} deliveries; their spans start new traces", messages.size(), e);
            return Map.of();
        }
    }

    /** {@link #call} in a {@code knock.delivery} span, child of {@code parent}; what the provider threw is the span's error. */
    private DeliveryResult callTraced(ChannelProvider provider, OutboundMessage out, String parent) {
        Message m = out.message();
        Map<String, String> low = new HashMap<>(4);
        low.put("knock.workflow", m.workflowKey());
        low.put("knock.channel", m.channelKey());
        low.put("knock.provider", provider.name());
        Map<String, String> high = new HashMap<>(4);
        high.put("knock.message.id", m.id());
        high.put("knock.run.id", m.runId());
        high.put("knock.attempt", Integer.toString(out.attempt()));
        Tracing.Span span = tracing.start(Tracing.DELIVERY, parent, low, high);
        Throwable[] thrown = new Throwable[1];
        DeliveryResult r = call(provider, out, thrown);
        span.tag("knock.result", r.kind().name().toLowerCase(java.util.Locale.ROOT), false);
        Throwable error = thrown[0];
        if (error == null && r.kind() != DeliveryResult.Kind.DELIVERED && r.kind() != DeliveryResult.Kind.SENT) {
            error = new ProviderCallFailed(r.kind() + ": " + r.reason());
        }
        span.end(error);
        return r;
    }

    /** The error of a delivery span whose provider answered a failure without throwing. */
    static final class ProviderCallFailed extends RuntimeException {
        ProviderCallFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Calls a provider so that nothing it does can escape: exceptions and null become retryable
     * failures; what it threw goes into {@code thrown[0]} if {@code thrown} is given.
     */
    private static DeliveryResult call(ChannelProvider provider, OutboundMessage m, Throwable[] thrown) {
        try {
            DeliveryResult r = provider.send(m);
            if (r == null || r.kind() == null) {
                return DeliveryResult.retryable("provider " + provider.name() + " returned no result", null);
            }
            return r;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            if (thrown != null) thrown[0] = e;
            log.warn("provider {} threw while sending message {}", provider.name(), m.message().id(), e);
            return DeliveryResult.retryable("provider " + provider.name() + " threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        }
    }
}
