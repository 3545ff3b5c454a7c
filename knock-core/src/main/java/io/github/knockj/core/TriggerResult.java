package io.github.knockj.core;

/**
 * What a trigger returned.
 *
 * @param triggerId the trigger's id; {@code notifier.runs().ofTrigger(triggerId)} lists its runs
 * @param replayed true when an idempotency key matched an earlier identical trigger, whose id this is
 */
public record TriggerResult(String triggerId, boolean replayed) {}
