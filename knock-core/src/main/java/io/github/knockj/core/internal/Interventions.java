package io.github.knockj.core.internal;

import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Message;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What people and providers do to work the engine already did: retry an undelivered message,
 * record a status a provider reported later, re-run a failed run.
 */
public final class Interventions {
    private final Engine engine;

    public Interventions(Engine engine) {
        this.engine = engine;
    }

    /**
     * Queues an undelivered or bounced message for delivery again, from its first provider, with a
     * fresh attempt count.
     */
    public Message retryDelivery(String messageId) {
        Message m = engine.store().findMessage(messageId).orElseThrow(() -> new io.github.knockj.core.NotFoundException("no message '" + messageId + "'"));
        if (m.status() != io.github.knockj.core.DeliveryStatus.UNDELIVERED && m.status() != io.github.knockj.core.DeliveryStatus.BOUNCED) {
            throw new InvalidInputException("messageId", "message " + messageId + " is " + m.status() + "; only undelivered or bounced messages can be retried");
        }
        if (!engine.channels().containsKey(m.channelKey())) {
            throw new InvalidInputException("messageId", "message " + messageId + " is on channel '" + m.channelKey() + "', which is not registered");
        }
        Instant now = engine.clock().instant();
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new io.github.knockj.core.spi.DeliveryUpdate(m.id(), io.github.knockj.core.DeliveryStatus.QUEUED, 0, now));
        cs.events().add(new io.github.knockj.core.MessageEvent(m.id(), now, "queued", "manual retry"));
        cs.jobs().add(Job.create(Ids.next(), JobKind.DELIVER, m.id(), null, now, now));
        Message queued = m.withDelivery(io.github.knockj.core.DeliveryStatus.QUEUED, 0, now);
        cs.jobs().addAll(engine.webhooks().messageStatus(queued, now));
        engine.store().commit(cs);
        engine.wakeUp();
        engine.listeners().deliveryChanged(queued, m.status());
        return queued;
    }

    /** Records a delivery status a provider reported afterwards (delivered, bounced, undelivered). */
    public Message recordProviderStatus(String messageId, io.github.knockj.core.DeliveryStatus status, String detail) {
        Validate.notNull("status", status);
        if (status != io.github.knockj.core.DeliveryStatus.DELIVERED && status != io.github.knockj.core.DeliveryStatus.BOUNCED
                && status != io.github.knockj.core.DeliveryStatus.UNDELIVERED && status != io.github.knockj.core.DeliveryStatus.SENT) {
            throw new InvalidInputException("status", "providers can report SENT, DELIVERED, UNDELIVERED or BOUNCED, not " + status);
        }
        Message m = engine.store().findMessage(messageId).orElseThrow(() -> new io.github.knockj.core.NotFoundException("no message '" + messageId + "'"));
        Instant now = engine.clock().instant();
        ChangeSet cs = new ChangeSet(null);
        cs.deliveries().add(new io.github.knockj.core.spi.DeliveryUpdate(m.id(), status, m.attempts(), now));
        cs.events().add(io.github.knockj.core.MessageEvent.of(m.id(), now, status, detail == null ? "reported by provider" : detail));
        Message updated = m.withDelivery(status, m.attempts(), now);
        if (m.status() != status) cs.jobs().addAll(engine.webhooks().messageStatus(updated, now));
        engine.store().commit(cs);
        if (m.status() != status && status == io.github.knockj.core.DeliveryStatus.UNDELIVERED) {
            Deliverer.warnUndelivered(updated, detail == null ? "reported by provider" : detail);
        }
        if (m.status() != status) engine.listeners().deliveryChanged(updated, m.status());
        return updated;
    }

    /** Re-runs a failed run from the step that failed. */
    public WorkflowRun rerun(String runId) {
        WorkflowRun run = engine.store().findRun(runId).orElseThrow(() -> new io.github.knockj.core.NotFoundException("no run '" + runId + "'"));
        if (run.status() != RunStatus.FAILED) {
            throw new InvalidInputException("runId", "run " + runId + " is " + run.status() + "; only failed runs can be re-run");
        }
        if (run.cursor() == null) throw new InvalidInputException("runId", "run " + runId + " has no step left to re-run");
        Instant now = engine.clock().instant();
        Map<String, Object> state = new LinkedHashMap<>(run.state());
        state.remove("step_attempts");
        state.remove("fetch_attempts");
        WorkflowRun paused = run.advanced(RunStatus.PAUSED, run.cursor(), run.data(), java.util.Collections.unmodifiableMap(state), now);
        RunChanges rc = new RunChanges(paused, false);
        rc.jobs().add(Job.create(Ids.next(), JobKind.RUN, run.id(), null, now, now));
        rc.log().add(new RunLogEntry(run.id(), now, run.cursor(), RunLogEntry.Outcome.RESUMED, "re-run from step '" + run.cursor() + "'"));
        ChangeSet cs = new ChangeSet(null);
        cs.runs().add(rc);
        if (!engine.store().commit(cs).skippedRuns().isEmpty()) {
            throw new InvalidInputException("runId", "run " + runId + " changed while being re-run; try again");
        }
        engine.wakeUp();
        return paused;
    }
}
