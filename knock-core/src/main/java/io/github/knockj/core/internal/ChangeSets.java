package io.github.knockj.core.internal;

import io.github.knockj.core.spi.ChangeSet;

/** Helpers for {@link ChangeSet}s. */
final class ChangeSets {
    private ChangeSets() {}

    /** Adds everything {@code from} writes to {@code into}. */
    static void merge(ChangeSet from, ChangeSet into) {
        into.idempotencyRecords().addAll(from.idempotencyRecords());
        into.triggers().addAll(from.triggers());
        into.runs().addAll(from.runs());
        into.deliveries().addAll(from.deliveries());
        into.events().addAll(from.events());
        into.jobs().addAll(from.jobs());
        into.completedJobs().addAll(from.completedJobs());
        into.rescheduledJobs().addAll(from.rescheduledJobs());
    }
}
