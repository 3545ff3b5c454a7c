/**
 * A durable {@link io.github.knockj.core.spi.Store} on PostgreSQL or H2: {@link io.github.knockj.jdbc.JdbcStore}.
 * Everything under {@code io.github.knockj.jdbc.internal} is implementation and may change without notice.
 */
package io.github.knockj.jdbc;
