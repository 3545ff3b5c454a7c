package io.github.knockj.core.spi;

import java.time.Instant;
import java.util.Map;

/**
 * One activity collected by a batch: the trigger of one run.
 *
 * @param runId the run whose trigger this is (unique within a batch: adding it again changes nothing)
 * @param actorId the trigger's actor, or null
 * @param data the run's data at the batch step
 * @param at when it joined
 */
public record BatchActivity(String runId, String actorId, Map<String, Object> data, Instant at) {}
