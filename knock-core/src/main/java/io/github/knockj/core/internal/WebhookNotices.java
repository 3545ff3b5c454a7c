package io.github.knockj.core.internal;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.Message;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the engine did (a run started or ended, a message's status or engagement changed) into
 * webhook notices: one {@link JobKind#EVENT} job per configured endpoint, written in the
 * same change set as the change itself wherever the change is a change set.
 */
final class WebhookNotices {
    private final List<EngineConfig.EventWebhook> endpoints;

    WebhookNotices(List<EngineConfig.EventWebhook> endpoints) {
        this.endpoints = endpoints;
    }

    boolean enabled() {
        return !endpoints.isEmpty();
    }

    /** WebhookNotices for a run's start, its new messages and its end. */
    void addRunNotices(RunChanges rc, Instant now) {
        if (!enabled()) return;
        WorkflowRun run = rc.run();
        if (rc.isNew()) rc.jobs().addAll(jobs("workflow_run.started", runData(run), now));
        for (Message m : rc.messages()) rc.jobs().addAll(jobs("message." + status(m), messageData(m), now));
        if (run.status().isTerminal()) rc.jobs().addAll(jobs(runEndType(run.status()), runData(run), now));
    }

    List<Job> runEnded(WorkflowRun run, Instant now) {
        return enabled() ? jobs(runEndType(run.status()), runData(run), now) : List.of();
    }

    List<Job> messageStatus(Message m, Instant now) {
        return enabled() ? jobs("message." + status(m), messageData(m), now) : List.of();
    }

    List<Job> engagement(Message m, Engagement e, boolean set, Instant now) {
        if (!enabled()) return List.of();
        String name = e.name().toLowerCase(Locale.ROOT);
        return jobs("message." + (set ? name : "un" + name), messageData(m), now);
    }

    private static String runEndType(RunStatus s) {
        return switch (s) {
            case FAILED -> "workflow_run.failed";
            case CANCELLED -> "workflow_run.cancelled";
            default -> "workflow_run.completed";
        };
    }

    private static String status(Message m) {
        return m.status().name().toLowerCase(Locale.ROOT);
    }

    private List<Job> jobs(String type, Map<String, Object> data, Instant now) {
        Map<String, Object> notice = new LinkedHashMap<>();
        String id = Ids.next();
        notice.put("id", id);
        notice.put("type", type);
        notice.put("created_at", now.toString());
        notice.put("data", data);
        String body = Json.write(notice);
        List<Job> out = new ArrayList<>(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            out.add(Job.create(Ids.next(), JobKind.EVENT, id, new WebhookPayload(i, body).encode(), now, now));
        }
        return out;
    }

    private static Map<String, Object> runData(WorkflowRun r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        d.put("trigger_id", r.triggerId());
        d.put("workflow", r.workflowKey());
        d.put("recipient", r.recipient().key());
        d.put("tenant", r.tenant());
        d.put("status", r.status().name().toLowerCase(Locale.ROOT));
        return d;
    }

    private static Map<String, Object> messageData(Message m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("run_id", m.runId());
        d.put("workflow", m.workflowKey());
        d.put("step", m.stepRef());
        d.put("channel", m.channelKey());
        d.put("channel_type", m.channelType().name().toLowerCase(Locale.ROOT));
        d.put("recipient", m.recipient().key());
        d.put("tenant", m.tenant());
        d.put("status", status(m));
        d.put("attempts", m.attempts());
        for (Engagement e : Engagement.values()) {
            Instant at = m.engagedAt(e);
            d.put(e.name().toLowerCase(Locale.ROOT) + "_at", at == null ? null : at.toString());
        }
        return d;
    }
}
