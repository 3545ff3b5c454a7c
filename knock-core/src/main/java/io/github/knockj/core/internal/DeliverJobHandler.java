package io.github.knockj.core.internal;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.User;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.DeliveryUpdate;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobKind#DELIVER}: hands messages to their channels' providers through the {@link Deliverer}
 * and commits the outcomes in waves, so that what has answered is recorded while slow calls are still
 * out; then announces the status changes and removes tokens the providers reported invalid.
 */
final class DeliverJobHandler implements JobHandler.OnItsOwn {
    private static final Logger log = LoggerFactory.getLogger(DeliverJobHandler.class);

    private final Store store;
    private final Clock clock;
    private final EngineConfig config;
    private final Listeners listeners;
    private final Deliverer deliverer;
    private final WebhookNotices webhooks;
    private final Workers workers;

    DeliverJobHandler(Store store, Clock clock, EngineConfig config, Listeners listeners, Deliverer deliverer, WebhookNotices webhooks, Workers workers) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.listeners = listeners;
        this.deliverer = deliverer;
        this.webhooks = webhooks;
        this.workers = workers;
    }

    @Override
    public JobKind kind() {
        return JobKind.DELIVER;
    }

    @Override
    public void execute(List<Job> jobs, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        Deliverer.Pending pending;
        try {
            jobs = workers.stillHeld(jobs, owner, "delivery");
            if (jobs.isEmpty()) return;
            pending = deliverer.start(jobs, cs);
        } catch (RuntimeException e) {
            log.error("delivering {} messages failed; their jobs will be retried when the lease expires", jobs.size(), e);
            return;
        }
        // commit in waves: what has answered is recorded while slow calls are still out
        while (true) {
            Deliverer.Report report = deliverer.collect(pending, cs, Deliverer.WAVE);
            if (!commit(cs, report, jobs.size())) return;
            if (pending.isDone()) return;
            cs = new ChangeSet(owner);
        }
    }

    /** Commits one wave of delivery outcomes and announces them; false if the commit failed. */
    private boolean commit(ChangeSet cs, Deliverer.Report report, int chunkSize) {
        if (cs.completedJobs().isEmpty() && cs.rescheduledJobs().isEmpty() && cs.jobs().isEmpty() && report.changes().isEmpty()) return true;
        java.util.Set<String> skipped;
        try {
            attachNotices(cs, report.changes());
            skipped = store.commit(cs).skippedDeliveries();
        } catch (LeaseLostException e) {
            log.warn("lost the lease on delivery jobs; another worker has them: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("recording the outcome of {} of {} deliveries failed; their jobs will be retried when the lease expires",
                    cs.completedJobs().size(), chunkSize, e);
            return false;
        }
        if (anyDueNow(cs.jobs())) {
            workers.wakeUp();
        } else {
            for (DeliveryUpdate d : cs.deliveries()) {
                if (!skipped.contains(d.messageId()) && anyDueNow(d.jobsIfApplied())) {
                    workers.wakeUp();
                    break;
                }
            }
        }
        if (config.deregisterInvalidTokens()) {
            for (Deliverer.TokenRemoval t : report.removals()) removeTokens(t);
        }
        // a change whose guarded update did not apply (the status changed while the call was out) did not happen
        List<Deliverer.Change> changes = report.changes();
        if (!skipped.isEmpty()) changes = changes.stream().filter(c -> !skipped.contains(c.message().id())).toList();
        for (Deliverer.Change c : changes) {
            if (c.message().status() == DeliveryStatus.UNDELIVERED) Deliverer.warnUndelivered(c.message(), c.detail());
        }
        if (!listeners.isEmpty()) {
            for (Deliverer.Change c : changes) {
                try (Mdc ignored = Mdc.put(Mdc.RUN_ID, c.message().runId(), Mdc.MESSAGE_ID, c.message().id())) {
                    listeners.deliveryChanged(c.message(), c.previous());
                }
            }
        }
        return true;
    }

    /**
     * Puts each change's {@code message.<status>} notices on its message's delivery update (the last
     * one in the change set), so the store writes them in the same commit only if that guarded update
     * applies: an outcome overtaken by a provider's callback during the call is not announced.
     */
    private void attachNotices(ChangeSet cs, List<Deliverer.Change> changes) {
        if (changes.isEmpty()) return;
        Map<String, Integer> last = new java.util.HashMap<>();
        List<DeliveryUpdate> updates = cs.deliveries();
        for (int i = 0; i < updates.size(); i++) last.put(updates.get(i).messageId(), i);
        Instant now = clock.instant();
        for (Deliverer.Change c : changes) {
            List<Job> notices = webhooks.messageStatus(c.message(), now);
            if (notices.isEmpty()) continue;
            Integer i = last.get(c.message().id());
            if (i == null) cs.jobs().addAll(notices); // every change has its update; were one without, post as before
            else updates.set(i, updates.get(i).withJobsIfApplied(notices));
        }
    }

    private boolean anyDueNow(List<Job> jobs) {
        Instant now = clock.instant();
        for (Job j : jobs) if (!j.dueAt().isAfter(now)) return true;
        return false;
    }

    private void removeTokens(Deliverer.TokenRemoval t) {
        try {
            User u = store.findUser(t.userId()).orElse(null);
            if (u == null || !(u.channelData(t.channelKey()).get("tokens") instanceof Collection<?> tokens)) return;
            List<Object> kept = new ArrayList<>(tokens);
            if (!kept.removeIf(x -> t.tokens().contains(String.valueOf(x)))) return;
            Map<String, Object> data = new LinkedHashMap<>(u.channelData(t.channelKey()));
            data.put("tokens", kept);
            store.mergeUsers(List.of(User.builder(u.id()).channelData(t.channelKey(), data).build()), clock.instant());
            log.info("removed {} invalid token(s) from user {} channel {}", tokens.size() - kept.size(), t.userId(), t.channelKey());
        } catch (RuntimeException e) {
            log.warn("could not remove invalid tokens of user {}", t.userId(), e);
        }
    }
}
