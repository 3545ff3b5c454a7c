package io.github.knockj.core.internal;

/**
 * The payload of a {@link io.github.knockj.core.spi.JobKind#FLUSH_BATCH} job: the batch step the
 * batch belongs to. Stored as {@code workflowKey \n stepRef} (the store writes it as given in the
 * {@link io.github.knockj.core.spi.BatchRequest}); jobs are durable, so this format is read back by
 * later versions.
 *
 * @param workflowKey the workflow of the batch step
 * @param stepRef the batch step's ref
 */
public record BatchFlushPayload(String workflowKey, String stepRef) {

    public BatchFlushPayload {
        if (workflowKey == null || workflowKey.isEmpty() || workflowKey.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a batch flush needs a workflow key without line breaks, was " + Payloads.quote(workflowKey));
        }
        if (stepRef == null) throw new IllegalArgumentException("a batch flush needs a step ref");
    }

    /** The stored form. */
    public String encode() {
        return workflowKey + "\n" + stepRef;
    }

    /** Reads a stored payload; throws {@link IllegalArgumentException}, quoting it, if it is not one. */
    static BatchFlushPayload decode(String payload) {
        int nl = payload == null ? -1 : payload.indexOf('\n');
        if (nl <= 0) throw new IllegalArgumentException("not a batch flush payload (workflow \\n step): " + Payloads.quote(payload));
        return new BatchFlushPayload(payload.substring(0, nl), payload.substring(nl + 1));
    }
}
