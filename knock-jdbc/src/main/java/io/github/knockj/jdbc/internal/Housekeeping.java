package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.RunStatus;
import io.github.knockj.jdbc.internal.Schema.Cancellations;
import io.github.knockj.jdbc.internal.Schema.Events;
import io.github.knockj.jdbc.internal.Schema.Idempotency;
import io.github.knockj.jdbc.internal.Schema.Messages;
import io.github.knockj.jdbc.internal.Schema.RunLog;
import io.github.knockj.jdbc.internal.Schema.Runs;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Deletes what has aged out, a bounded number of rows per kind per call. */
public final class Housekeeping {
    private static final List<String> TERMINAL_RUNS = Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal).map(Enum::name).toList();
    private static final List<String> FINAL_MESSAGES = Arrays.stream(DeliveryStatus.values()).filter(DeliveryStatus::isFinal).map(Enum::name).toList();

    private final Tx tx;

    public Housekeeping(Tx tx) {
        this.tx = tx;
    }

    public int purge(Instant cutoff, int limit) {
        if (limit <= 0) return 0;
        long before = millis(cutoff);
        return tx.run("purge", ctx -> {
            int deleted = 0;
            List<String> runs = ctx.select(Runs.ID).from(Runs.T)
                    .where(Runs.STATUS.in(TERMINAL_RUNS).and(Runs.UPDATED_AT.lt(before))).limit(limit).fetch(Runs.ID);
            for (List<String> chunk : Sql.chunks(runs, Sql.MAX_IN)) {
                ctx.deleteFrom(RunLog.T).where(RunLog.RUN_ID.in(chunk)).execute();
                deleted += ctx.deleteFrom(Runs.T).where(Runs.ID.in(chunk)).execute();
            }
            List<String> messages = ctx.select(Messages.ID).from(Messages.T)
                    .where(Messages.STATUS.in(FINAL_MESSAGES).and(Messages.CREATED_AT.lt(before))).limit(limit).fetch(Messages.ID);
            for (List<String> chunk : Sql.chunks(messages, Sql.MAX_IN)) {
                ctx.deleteFrom(Events.T).where(Events.MESSAGE_ID.in(chunk)).execute();
                deleted += ctx.deleteFrom(Messages.T).where(Messages.ID.in(chunk)).execute();
            }
            List<String> keys = ctx.select(Idempotency.KEY).from(Idempotency.T)
                    .where(Idempotency.EXPIRES_AT.lt(before)).limit(limit).fetch(Idempotency.KEY);
            for (List<String> chunk : Sql.chunks(keys, Sql.MAX_IN)) {
                deleted += ctx.deleteFrom(Idempotency.T).where(Idempotency.KEY.in(chunk)).execute();
            }
            List<Long> cancellations = ctx.select(Cancellations.SEQ).from(Cancellations.T)
                    .where(Cancellations.AT.lt(before)).limit(limit).fetch(Cancellations.SEQ);
            for (List<Long> chunk : Sql.chunks(cancellations, Sql.MAX_IN)) {
                deleted += ctx.deleteFrom(Cancellations.T).where(Cancellations.SEQ.in(chunk)).execute();
            }
            return deleted;
        });
    }
}
