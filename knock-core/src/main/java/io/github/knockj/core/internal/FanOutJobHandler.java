package io.github.knockj.core.internal;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link JobKind#FANOUT}: starts the runs of one page of an object's subscribers ({@link FanOutPage}).
 * A splitter reads the next {@value #PAGES_PER_SPLIT} pages of subscribers, starts the runs of the
 * first page itself and leaves each further page to a range job (so the pages of one object fan out
 * on all workers at once), followed by the next splitter. A range job starts the runs of the
 * subscribers after its start up to and including its end. Run ids derive from trigger and recipient,
 * so a page that runs twice is harmless.
 */
final class FanOutJobHandler implements JobHandler.InChunk {
    /** Pages a splitting fan-out job reads ahead and hands to other workers as range jobs. */
    static final int PAGES_PER_SPLIT = 16;

    private final Store store;
    private final EngineConfig config;
    private final Map<String, Workflow> workflows;
    private final RunAdvancer runs;

    FanOutJobHandler(Store store, EngineConfig config, Map<String, Workflow> workflows, RunAdvancer runs) {
        this.store = store;
        this.config = config;
        this.workflows = workflows;
        this.runs = runs;
    }

    @Override
    public JobKind kind() {
        return JobKind.FANOUT;
    }

    @Override
    public void handle(Job job, ChangeSet cs, WorkChunk chunk) {
        TriggerRecord t = store.findTrigger(job.target()).orElse(null);
        Workflow wf = t == null ? null : workflows.get(t.workflowKey());
        cs.completedJobs().add(job.id());
        if (wf == null) return;
        FanOutPage page = FanOutPage.decode(job.payload());
        Recipient object = page.object();
        String after = page.after();
        int pageSize = config.fanoutPageSize();
        Instant now = chunk.now();
        if (page.isRange()) {
            List<Subscription> range = new ArrayList<>(pageSize);
            while (true) {
                List<Subscription> read = store.subscribers(object.objectRef(), after, page.through(), pageSize);
                range.addAll(read);
                if (read.size() < pageSize) break;
                after = read.get(read.size() - 1).userId(); // subscribed meanwhile: the range grew
            }
            startSubscribers(t, wf, range, cs, chunk);
            return;
        }
        List<Subscription> ahead = store.subscribers(object.objectRef(), after, pageSize * PAGES_PER_SPLIT);
        startSubscribers(t, wf, ahead.subList(0, Math.min(pageSize, ahead.size())), cs, chunk);
        for (int from = pageSize; from < ahead.size(); from += pageSize) {
            String rangeAfter = ahead.get(from - 1).userId();
            String through = ahead.get(Math.min(ahead.size(), from + pageSize) - 1).userId();
            cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), FanOutPage.range(object, rangeAfter, through).encode(), now, now));
        }
        if (ahead.size() == pageSize * PAGES_PER_SPLIT) {
            String last = ahead.get(ahead.size() - 1).userId();
            cs.jobs().add(Job.create(Ids.next(), JobKind.FANOUT, t.id(), FanOutPage.splitterAfter(object, last).encode(), now, now));
        }
    }

    private void startSubscribers(TriggerRecord t, Workflow wf, List<Subscription> page, ChangeSet cs, WorkChunk chunk) {
        List<Recipient> recipients = new ArrayList<>(page.size());
        Map<String, Map<String, Object>> subscriptionProps = new HashMap<>();
        List<String> ids = new ArrayList<>(page.size());
        for (Subscription s : page) ids.add(s.userId());
        Map<String, User> known = ids.isEmpty() ? Map.of() : chunk.users(ids); // fetched once: createRuns reads them from the chunk
        for (Subscription s : page) {
            if (s.userId().equals(t.actorId())) continue;
            if (!known.containsKey(s.userId())) continue; // left by a user deleted while being subscribed: nobody to notify
            recipients.add(Recipient.user(s.userId()));
            if (!s.properties().isEmpty()) subscriptionProps.put(s.userId(), s.properties());
        }
        runs.createRuns(t, wf, recipients, subscriptionProps, runs.cancellationsFor(t), cs, chunk);
    }
}
