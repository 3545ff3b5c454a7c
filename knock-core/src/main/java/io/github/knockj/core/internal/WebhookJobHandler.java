package io.github.knockj.core.internal;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import io.github.knockj.core.spi.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link JobKind#EVENT}: posts webhook notices to the configured endpoints through the {@link WebhookSender}. */
final class WebhookJobHandler implements JobHandler.OnItsOwn {
    private static final Logger log = LoggerFactory.getLogger(WebhookJobHandler.class);

    private final Store store;
    private final WebhookSender sender;
    private final Workers workers;

    WebhookJobHandler(Store store, WebhookSender sender, Workers workers) {
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
            jobs = workers.stillHeld(jobs, owner, "webhook");
            if (jobs.isEmpty()) return;
            sender.send(jobs, cs);
            store.commit(cs);
        } catch (LeaseLostException e) {
            log.warn("lost the lease on webhook jobs: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("sending {} webhook notices failed; they will be retried when their leases expire", jobs.size(), e);
        }
    }
}
