package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.millis;

import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.jdbc.internal.Schema.Idempotency;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;

/** Idempotency keys (claimed through commits; see {@link CommitWriter}). */
public final class IdempotencyRepository {
    static final List<Field<?>> FIELDS = Sql.fields(Idempotency.KEY, Idempotency.FINGERPRINT, Idempotency.TRIGGER_ID,
            Idempotency.CREATED_AT, Idempotency.EXPIRES_AT);

    private final Tx tx;

    public IdempotencyRepository(Tx tx) {
        this.tx = tx;
    }

    static IdempotencyRecord record(Record r) {
        return new IdempotencyRecord(r.get(Idempotency.KEY), r.get(Idempotency.FINGERPRINT), r.get(Idempotency.TRIGGER_ID),
                instant(r.get(Idempotency.CREATED_AT)), instant(r.get(Idempotency.EXPIRES_AT)));
    }

    /** The record holding {@code key} at {@code now}: the SQL form of {@link IdempotencyRecord#holdsKeyAt}. */
    public Optional<IdempotencyRecord> find(String key, Instant now) {
        return tx.run("findIdempotency", ctx -> ctx.select(FIELDS).from(Idempotency.T)
                .where(Idempotency.KEY.eq(key).and(Idempotency.EXPIRES_AT.gt(millis(now))))
                .fetchOptional().map(IdempotencyRepository::record));
    }

    /** The records among {@code keys} holding their key at {@code now}, keyed by key, {@link Sql#MAX_IN} keys a query. */
    public Map<String, IdempotencyRecord> findAll(Collection<String> keys, Instant now) {
        if (keys.isEmpty()) return Map.of();
        return tx.run("findIdempotencyRecords", ctx -> {
            Map<String, IdempotencyRecord> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(keys), Sql.MAX_IN)) {
                ctx.select(FIELDS).from(Idempotency.T).where(Idempotency.KEY.in(chunk).and(Idempotency.EXPIRES_AT.gt(millis(now))))
                        .fetch().forEach(r -> out.put(r.get(Idempotency.KEY), record(r)));
            }
            return out;
        });
    }
}
