package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link RetentionStore#purge(PurgeRequest)} call deletes: for each kind named, rows older
 * than its cutoff, at most its limit. Kinds not named are left alone. Core decides the cutoffs (the
 * retention policy); the store only runs the bounded deletes.
 *
 * @param kinds the cutoff and limit of each kind to purge
 */
public record PurgeRequest(Map<RetentionKind, Bound> kinds) {
    /**
     * The cutoff and limit of one kind.
     *
     * @param before rows older than this go (see {@link RetentionKind} for what "older" means per kind)
     * @param limit the largest number of rows of this kind to delete in one call; zero deletes none
     */
    public record Bound(Instant before, int limit) {
        /**
         * Checks the bound.
         *
         * @param before rows older than this go
         * @param limit the largest number of rows of this kind to delete in one call
         * @throws NullPointerException if {@code before} is null
         * @throws IllegalArgumentException if {@code limit} is negative
         */
        public Bound {
            Objects.requireNonNull(before, "before");
            if (limit < 0) throw new IllegalArgumentException("purge limit must not be negative, was " + limit);
        }
    }

    /**
     * Copies {@code kinds}.
     *
     * @param kinds the cutoff and limit of each kind to purge
     */
    public PurgeRequest {
        kinds = kinds.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(kinds));
    }

    /**
     * Every kind with one cutoff and one limit.
     *
     * @param before rows older than this go
     * @param limit the largest number of rows of each kind to delete in one call
     * @return the request
     */
    public static PurgeRequest everyKind(Instant before, int limit) {
        Map<RetentionKind, Bound> kinds = new EnumMap<>(RetentionKind.class);
        for (RetentionKind k : RetentionKind.values()) kinds.put(k, new Bound(before, limit));
        return new PurgeRequest(kinds);
    }

    /**
     * The bound of one kind.
     *
     * @param kind the kind
     * @return its bound, or null if this request leaves the kind alone
     */
    public Bound bound(RetentionKind kind) {
        return kinds.get(kind);
    }
}
