package io.github.knockj.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.knockj.console.KnockConsole.ApiError;
import io.github.knockj.core.BranchStep;
import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.NotFoundException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Step;
import io.github.knockj.core.TemplatePreview;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's JSON API over the Notifier's public API: what each path answers, as maps and lists
 * Jackson writes. Paths are below {@code /api}.
 */
final class ConsoleApi {
    private final Notifier notifier;
    private final Clock clock;

    ConsoleApi(Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    Object get(String path, Map<String, String> q) {
        String[] p = path.split("/", -1); // "/runs/ID" -> ["", "runs", "ID"]
        if (p.length == 2) {
            switch (p[1]) {
                case "overview": return overview();
                case "runs": return runs(q);
                case "messages": return messages(q);
                case "workflows": return workflows();
                default: break;
            }
        }
        if (p.length == 3 && p[1].equals("runs")) return run(p[2]);
        if (p.length == 3 && p[1].equals("messages")) return message(p[2]);
        throw new ApiError(404, null, "no such API path: /api" + path);
    }

    Object post(String path, byte[] body) {
        String[] p = path.split("/", -1);
        if (p.length == 4 && p[1].equals("messages") && p[3].equals("retry")) {
            return Map.of("message", message(notifier.messages().retry(p[2]), true));
        }
        if (p.length == 2 && p[1].equals("preview")) return preview(body);
        throw new ApiError(404, null, "no such API path: /api" + path);
    }

    /** Queue depth and lag the way knock-micrometer's gauges read them: all jobs, and how long the earliest claimable one has been due. */
    private Map<String, Object> overview() {
        Instant now = clock.instant();
        long jobs = notifier.store().countJobs();
        double age = notifier.store().oldestDueAge(now).toMillis() / 1000.0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("oldestDueAgeSeconds", age);
        out.put("workflows", notifier.workflows().size());
        out.put("at", now.toString());
        return out;
    }

    private Map<String, Object> runs(Map<String, String> q) {
        RunQuery query = new RunQuery(enumParam(RunStatus.class, "status", q), blankToNull(q.get("workflow")),
                blankToNull(q.get("before")), intParam("limit", q, RunQuery.DEFAULT_LIMIT));
        List<WorkflowRun> runs = notifier.runs().list(query);
        List<Object> items = new ArrayList<>();
        for (WorkflowRun r : runs) items.add(run(r, false));
        return page(items, runs.size() == query.limit() ? runs.get(runs.size() - 1).id() : null);
    }

    private Map<String, Object> messages(Map<String, String> q) {
        MessageQuery query = new MessageQuery(enumParam(DeliveryStatus.class, "status", q), blankToNull(q.get("channel")),
                blankToNull(q.get("before")), intParam("limit", q, MessageQuery.DEFAULT_LIMIT));
        List<Message> messages = notifier.messages().list(query);
        List<Object> items = new ArrayList<>();
        for (Message m : messages) items.add(message(m, false));
        return page(items, messages.size() == query.limit() ? messages.get(messages.size() - 1).id() : null);
    }

    private static Map<String, Object> page(List<Object> items, String next) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next", next);
        return out;
    }

    private Map<String, Object> run(String id) {
        WorkflowRun r = notifier.runs().get(id).orElseThrow(() -> new NotFoundException("no run '" + id + "'"));
        List<Object> log = new ArrayList<>();
        for (RunLogEntry e : notifier.runs().log(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("step", e.stepRef());
            m.put("outcome", e.outcome().name());
            m.put("detail", e.detail());
            log.add(m);
        }
        List<Object> messages = new ArrayList<>();
        for (Message m : notifier.runs().messages(id)) messages.add(message(m, false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run(r, true));
        out.put("log", log);
        out.put("messages", messages);
        return out;
    }

    private Map<String, Object> message(String id) {
        Message m = notifier.messages().get(id).orElseThrow(() -> new NotFoundException("no message '" + id + "'"));
        List<Object> history = new ArrayList<>();
        for (MessageEvent e : notifier.messages().history(id)) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("at", e.at().toString());
            h.put("type", e.type());
            h.put("detail", e.detail());
            history.add(h);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", message(m, true));
        out.put("history", history);
        return out;
    }

    private static Map<String, Object> run(WorkflowRun r, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("workflow", r.workflowKey());
        m.put("recipient", r.recipient().key());
        m.put("status", r.status().name());
        m.put("triggerId", r.triggerId());
        m.put("cursor", r.cursor());
        m.put("createdAt", r.createdAt().toString());
        m.put("updatedAt", r.updatedAt().toString());
        if (detail) {
            m.put("actor", r.actorId());
            m.put("tenant", r.tenant());
            m.put("data", r.data());
        }
        return m;
    }

    private static Map<String, Object> message(Message msg, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id());
        m.put("runId", msg.runId());
        m.put("workflow", msg.workflowKey());
        m.put("step", msg.stepRef());
        m.put("channel", msg.channelKey());
        m.put("channelType", msg.channelType().name());
        m.put("recipient", msg.recipient().key());
        m.put("status", msg.status().name());
        m.put("attempts", msg.attempts());
        m.put("createdAt", msg.createdAt().toString());
        m.put("updatedAt", msg.updatedAt().toString());
        m.put("retryable", msg.status() == DeliveryStatus.UNDELIVERED || msg.status() == DeliveryStatus.BOUNCED);
        if (detail) {
            m.put("content", msg.content());
            m.put("data", msg.data());
        }
        return m;
    }

    private Map<String, Object> workflows() {
        List<Object> items = new ArrayList<>();
        for (Workflow w : notifier.workflows().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", w.key());
            m.put("name", w.name());
            m.put("active", w.isActive());
            m.put("required", w.isRequired());
            m.put("categories", List.copyOf(w.categories()));
            m.put("steps", steps(w.steps()));
            items.add(m);
        }
        return Map.of("items", items);
    }

    private static List<Object> steps(List<Step> steps) {
        List<Object> out = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", s.ref());
            m.put("type", s.getClass().getSimpleName().replaceFirst("Step$", "").toLowerCase(Locale.ROOT));
            if (s instanceof ChannelStep c) {
                m.put("channel", c.channelKey());
                Map<String, String> templates = new LinkedHashMap<>();
                c.templates().forEach((field, t) -> templates.put(field, t.source()));
                m.put("templates", templates);
            } else if (s instanceof BranchStep b) {
                List<Object> branches = new ArrayList<>();
                for (BranchStep.Branch br : b.branches()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("name", br.name());
                    bm.put("exits", br.exits());
                    bm.put("steps", steps(br.steps()));
                    branches.add(bm);
                }
                m.put("branches", branches);
            }
            out.add(m);
        }
        return out;
    }

    /** {@code {"workflow": …, "step": …, "recipient": user id, "data": {…}}} to the rendered fields. */
    private Map<String, Object> preview(byte[] body) {
        Map<?, ?> req;
        try {
            Object parsed = KnockConsole.JSON.readValue(body, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) throw new ApiError(400, "body", "must be a JSON object");
            req = map;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiError(400, "body", "could not be read");
        }
        String workflow = stringField(req, "workflow", true);
        String step = stringField(req, "step", true);
        String recipient = stringField(req, "recipient", true);
        Object data = req.get("data");
        if (data != null && !(data instanceof Map)) throw new ApiError(400, "data", "must be a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, ?> dataMap = (Map<String, ?>) data;
        TemplatePreview p = notifier.preview(workflow, step, Recipient.user(recipient), dataMap);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow", p.workflowKey());
        out.put("step", p.stepRef());
        out.put("channel", p.channelKey());
        out.put("channelType", p.channelType().name());
        out.put("content", p.content());
        out.put("undefinedVariables", p.undefinedVariables());
        return out;
    }

    private static String stringField(Map<?, ?> req, String name, boolean required) {
        Object v = req.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) throw new ApiError(400, name, "is required");
            return null;
        }
        if (!(v instanceof String s)) throw new ApiError(400, name, "must be a string");
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String name, Map<String, String> q) {
        String v = blankToNull(q.get(name));
        if (v == null) return null;
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, name, "'" + v + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int intParam(String name, Map<String, String> q, int dflt) {
        String v = blankToNull(q.get(name));
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, name, "'" + v + "' is not a number");
        }
    }
}
