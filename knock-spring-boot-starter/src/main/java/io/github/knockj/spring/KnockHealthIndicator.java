package io.github.knockj.spring;

import io.github.knockj.core.spi.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code knock} health of an instance: DOWN when the store cannot be read (its two queries,
 * {@link JobQueue#countJobs()} and {@link JobQueue#nextDueAt}, fail) or, on an instance that runs
 * workers, when the queue is stuck: the earliest claimable job has been due for longer than
 * {@code stuckAfter}. UP otherwise. Details: {@code jobs} (in the queue, due or not),
 * {@code oldestDueAge} (ISO-8601 duration, zero if no job is due), {@code workers}, and
 * {@code stuckAfter}. An instance without workers (a web-only node) does not judge the queue, which
 * other instances run: it reports the figures and stays UP while the store answers.
 *
 * <p>Auto-configured as the {@code knock} indicator when spring-boot-health is on the classpath
 * (spring-boot-starter-actuator brings it); {@code management.health.knock.enabled=false} turns it off.
 */
public final class KnockHealthIndicator implements HealthIndicator {
    private final JobQueue queue;
    private final Clock clock;
    private final Duration stuckAfter;
    private final boolean workers;

    /**
     * An indicator over {@code queue}.
     *
     * @param queue the Notifier's store
     * @param clock the clock the age of the oldest due job is measured with (the Notifier's)
     * @param stuckAfter how long the oldest due job may wait before the queue counts as stuck
     * @param workers whether this instance runs workers; if not, a stuck queue is reported but not DOWN
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code stuckAfter} is not positive
     */
    public KnockHealthIndicator(JobQueue queue, Clock clock, Duration stuckAfter, boolean workers) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new IllegalArgumentException("knock.health.stuck-after must be positive, was " + stuckAfter);
        }
        this.workers = workers;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        long jobs;
        Duration oldestDueAge;
        try {
            jobs = queue.countJobs();
            oldestDueAge = queue.oldestDueAge(now);
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("store", "unreachable").build();
        }
        boolean stuck = oldestDueAge.compareTo(stuckAfter) > 0;
        Health.Builder health = stuck && workers ? Health.down().withDetail("queue", "stuck") : Health.up();
        return health.withDetail("jobs", jobs)
                .withDetail("oldestDueAge", oldestDueAge.toString())
                .withDetail("stuckAfter", stuckAfter.toString())
                .withDetail("workers", workers)
                .build();
    }
}
