package io.github.knockj.core;

import io.github.knockj.core.internal.Engine;
import io.github.knockj.core.spi.EngagementChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies engagement changes: read sync across a run's channels and listener calls. */
final class Engagements {
    private final Engine engine;

    Engagements(Engine engine) {
        this.engine = engine;
    }

    List<Message> apply(Collection<String> ids, Engagement e, boolean set) {
        Instant now = engine.clock().instant();
        List<Message> changed = new ArrayList<>(engine.store().updateEngagement(ids,
                set ? EngagementChange.set(e, now, now) : EngagementChange.clear(e, now)));
        if (set && e != Engagement.ARCHIVED) {
            Set<String> syncRuns = new LinkedHashSet<>();
            for (Message m : changed) {
                Workflow wf = engine.workflows().get(m.workflowKey());
                if (wf != null && wf.syncsReadAcrossChannels() && (e == Engagement.READ || e == Engagement.INTERACTED || e == Engagement.LINK_CLICKED)) {
                    syncRuns.add(m.runId());
                }
            }
            for (String runId : syncRuns) {
                List<String> others = new ArrayList<>();
                for (Message m : engine.store().messagesOfRun(runId)) {
                    if (!ids.contains(m.id()) && m.readAt() == null) others.add(m.id());
                }
                if (!others.isEmpty()) changed.addAll(engine.store().updateEngagement(others, EngagementChange.set(Engagement.READ, now, now)));
            }
        }
        if (!engine.listeners().isEmpty()) changed.forEach(engine.listeners()::engagementChanged);
        List<io.github.knockj.core.spi.Job> webhookJobs = new ArrayList<>();
        for (Message m : changed) webhookJobs.addAll(engine.engagementWebhookJobs(m, ids.contains(m.id()) ? e : Engagement.READ, set));
        engine.emit(webhookJobs);
        return changed;
    }
}
