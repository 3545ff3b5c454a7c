package io.github.knockj.spring;

import io.github.knockj.core.spi.Store;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code knock} health indicator ({@link KnockHealthIndicator}), when spring-boot-health is on
 * the classpath (spring-boot-starter-actuator brings it) and the context has knock's {@link Store};
 * {@code management.health.knock.enabled=false} turns it off, a {@code knockHealthIndicator} bean
 * of the application's replaces it. Settings under {@code knock.health.*} ({@link KnockHealthProperties}).
 */
@AutoConfiguration(after = KnockAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Store.class)
@ConditionalOnEnabledHealthIndicator("knock")
@EnableConfigurationProperties(KnockHealthProperties.class)
public class KnockHealthConfiguration {
    /** Created by Spring. */
    public KnockHealthConfiguration() {}

    /**
     * The indicator, named {@code knock} in the health endpoint.
     *
     * @param store knock's store
     * @param knock the {@code knock.*} properties, for whether this instance runs workers
     * @param health the {@code knock.health.*} properties
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "knockHealthIndicator")
    public KnockHealthIndicator knockHealthIndicator(Store store, KnockProperties knock, KnockHealthProperties health) {
        return new KnockHealthIndicator(store, Clock.systemUTC(), health.getStuckAfter(), knock.getWorkers().isEnabled());
    }
}
