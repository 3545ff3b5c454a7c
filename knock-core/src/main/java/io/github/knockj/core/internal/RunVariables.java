package io.github.knockj.core.internal;

import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a run's templates see: {@code recipient}, {@code actor}, {@code data},
 * {@code tenant}, {@code workflow}, {@code run}, {@code vars} (the account's variables,
 * {@link EngineConfig#templateVariables()}), {@code timestamp} (when the run was triggered, ISO 8601
 * in UTC, the text of {@code activities[].inserted_at}), and the batch values
 * ({@code total_activities}, {@code total_actors}, {@code activities}, {@code actors}): those of the
 * batch the run holds, or, outside a batch, those of a batch of one. {@link RunState#vars()} builds
 * them once per change of the run's data or batch.
 */
final class RunVariables {
    /** The last creation time formatted: the runs of a chunk share one, and formatting an Instant costs more than a lookup. */
    private static volatile InstantText lastCreatedAt = new InstantText(Instant.EPOCH, Instant.EPOCH.toString());

    private record InstantText(Instant at, String text) {}

    private RunVariables() {}

    /**
     * The variables of {@code run} as it is now. {@code data}, {@code recipient}, {@code vars} and
     * {@code timestamp} are answered without building the rest, which is built (once) when anything
     * else is read: most templates read only {@code data}, and building every variable cost more than
     * rendering them.
     */
    static Map<String, Object> of(RunState run) {
        return new Lazy(run);
    }

    /** The variables, all built on first use beyond the direct ones; unmodifiable. */
    private static final class Lazy extends AbstractMap<String, Object> {
        private final RunState run;
        private final Object batch;
        private Map<String, Object> all;

        Lazy(RunState run) {
            this.run = run;
            this.batch = run.stateValue("batch");
        }

        /** Whether {@code key} is {@code data}, {@code recipient}, {@code vars} or {@code timestamp} and no batch value replaces it. */
        private boolean isDirect(Object key) {
            return ("data".equals(key) || "recipient".equals(key) || "vars".equals(key) || "timestamp".equals(key))
                    && !(batch instanceof Map<?, ?> b && b.containsKey(key));
        }

        private Object direct(Object key) {
            if ("data".equals(key)) return run.data();
            if ("recipient".equals(key)) return run.recipientMap();
            if ("vars".equals(key)) return run.accountVariables();
            return text(run.original().createdAt());
        }

        private Map<String, Object> all() {
            if (all == null) all = Collections.unmodifiableMap(build(run));
            return all;
        }

        @Override
        public Object get(Object key) {
            if (isDirect(key)) return direct(key);
            return all().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return isDirect(key) || all().containsKey(key);
        }

        @Override
        public int size() {
            return all().size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return all().entrySet();
        }
    }

    /** A new map of every variable of {@code run}. */
    private static Map<String, Object> build(RunState run) {
        WorkflowRun original = run.original();
        Workflow workflow = run.workflow();
        User actor = run.parties().actor();
        Tenant tenant = run.parties().tenant();
        Map<String, Object> data = run.data();
        Map<String, Object> v = new LinkedHashMap<>(12);
        v.put("recipient", run.recipientMap());
        v.put("actor", actor == null ? (original.actorId() == null ? null : Map.of("id", original.actorId())) : actor.toTemplateMap());
        v.put("data", data);
        v.put("tenant", tenant == null ? (original.tenant() == null ? null : Map.of("id", original.tenant())) : tenant.toTemplateMap());
        v.put("workflow", Map.of("key", workflow.key(), "name", workflow.name(), "categories", List.copyOf(workflow.categories())));
        Object batch = run.stateValue("batch");
        if (batch instanceof Map<?, ?> b) {
            b.forEach((k, val) -> v.put((String) k, val));
        } else {
            // outside a batch a run is a batch of one
            Object actorMap = v.get("actor");
            Map<String, Object> activity = new LinkedHashMap<>();
            activity.put("actor", actorMap);
            activity.put("data", data);
            activity.put("inserted_at", text(original.createdAt()));
            v.put("total_activities", 1);
            v.put("total_actors", actorMap == null ? 0 : 1);
            v.put("activities", List.of(Collections.unmodifiableMap(activity)));
            v.put("actors", actorMap == null ? List.of() : List.of(actorMap));
        }
        v.put("run", Map.of("id", original.id(), "trigger_id", original.triggerId()));
        v.put("vars", run.accountVariables());
        v.put("timestamp", text(original.createdAt()));
        return v;
    }

    private static String text(Instant at) {
        InstantText last = lastCreatedAt;
        if (!last.at().equals(at)) lastCreatedAt = last = new InstantText(at, at.toString());
        return last.text();
    }
}
