package io.github.knockj.core.internal;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link JobKind#EVENT}: posts outbound events to the configured webhooks through the {@link EventSender}. */
final class EventJobHandler implements JobHandler.OnItsOwn {
    private static final Logger log = LoggerFactory.getLogger(EventJobHandler.class);

    private final Store store;
    private final EventSender sender;
    private final Workers workers;

    EventJobHandler(Store store, EventSender sender, Workers workers) {
        this.store = store;
        this.sender = sender;
        this.workers = workers;
    }

    @Override
    public JobKind kind() {
        return JobKind.EVENT;
    }

    @Override
    public void execute(List<Job> jobs, String owner) {
        ChangeSet cs = new ChangeSet(owner);
        try {
            jobs = workers.stillHeld(jobs, owner, "event");
            if (jobs.isEmpty()) return;
            sender.send(jobs, cs);
            store.commit(cs);
        } catch (LeaseLostException e) {
            log.warn("lost the lease on event jobs: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("sending {} events failed; they will be retried when their leases expire", jobs.size(), e);
        }
    }
}
