/**
 * Spring Boot auto-configuration for knock: a {@link io.github.knockj.core.Notifier} built from the
 * application context ({@link io.github.knockj.spring.KnockAutoConfiguration}), its settings under
 * {@code knock.*} ({@link io.github.knockj.spring.KnockProperties}), and
 * {@link io.github.knockj.spring.KnockTemplate} for triggers that join the caller's Spring
 * transaction.
 */
package io.github.knockj.spring;
