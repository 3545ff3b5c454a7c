package io.github.knockj.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code knock.health.*} settings of the {@link KnockHealthIndicator}. */
@ConfigurationProperties("knock.health")
public class KnockHealthProperties {
    /** The default of {@link #getStuckAfter()}: five minutes. */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(5);

    /**
     * How long the earliest claimable job may have been due before the queue counts as stuck and
     * the knock health indicator reports DOWN (on instances with workers).
     */
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;

    /** Creates the settings with their defaults. */
    public KnockHealthProperties() {}

    /**
     * {@return how long the oldest due job may wait before the queue counts as stuck (5 minutes by default)}
     */
    public Duration getStuckAfter() {
        return stuckAfter;
    }

    /**
     * Sets how long the oldest due job may wait before the queue counts as stuck.
     *
     * @param stuckAfter a positive duration
     */
    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }
}
