package io.github.knockj.spring;

import io.github.knockj.core.Notifier;
import io.github.knockj.jdbc.JdbcStore;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code knock.*} settings of the auto-configured Notifier and store. Each default is the
 * library's own ({@link Notifier.Builder}, {@link JdbcStore.Builder}).
 */
@ConfigurationProperties("knock")
public class KnockProperties {
    /**
     * How long a claimed job is reserved before another instance may take it over.
     */
    private Duration leaseDuration = Duration.ofSeconds(30);

    /**
     * Most jobs claimed and not yet finished at once on this instance.
     */
    private int maxInFlight = 4096;

    /**
     * How often the store is polled for work other instances created.
     */
    private Duration pollInterval = Duration.ofMillis(500);

    /**
     * Age after which finished runs, messages and expired records are deleted. Unset: nothing is deleted.
     */
    private Duration retention;

    /**
     * This instance's name in job leases. Unset: host name, process id and a random suffix.
     */
    private String nodeId;

    /** Whether an undefined variable in a message template fails the render; null: the Notifier's default (lenient). */
    private Boolean strictTemplates;

    /** Account-wide template variables, {@code vars.*} in every template. */
    private java.util.Map<String, Object> templateVariables = new java.util.LinkedHashMap<>();

    private final Workers workers = new Workers();

    private final Jdbc jdbc = new Jdbc();

    private final Console console = new Console();

    /** Creates the settings with the library's defaults. */
    public KnockProperties() {}

    /**
     * {@return how long a claimed job is reserved (30 seconds by default)}
     */
    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    /**
     * Sets how long a claimed job is reserved.
     *
     * @param leaseDuration the lease, positive
     */
    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    /**
     * {@return the most jobs in flight at once on this instance (4096 by default)}
     */
    public int getMaxInFlight() {
        return maxInFlight;
    }

    /**
     * Sets the most jobs in flight at once on this instance.
     *
     * @param maxInFlight at least 1
     */
    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * {@return how often the store is polled (500 ms by default)}
     */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /**
     * Sets how often the store is polled.
     *
     * @param pollInterval the interval, positive
     */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /**
     * {@return the retention age, or null if nothing is deleted}
     */
    public Duration getRetention() {
        return retention;
    }

    /**
     * Sets the age after which finished work is deleted.
     *
     * @param retention the age, positive, or null to keep everything
     */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /**
     * {@return this instance's name in job leases, or null for a generated one}
     */
    public String getNodeId() {
        return nodeId;
    }

    /**
     * Sets this instance's name in job leases.
     *
     * @param nodeId a name unique among the instances sharing the store
     */
    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    /**
     * {@return whether undefined variables fail message templates, or null for the Notifier's default}
     */
    public Boolean getStrictTemplates() {
        return strictTemplates;
    }

    /**
     * Sets whether an undefined variable in a message template fails its render
     * ({@code Notifier.Builder#strictTemplates}).
     *
     * @param strictTemplates true to fail, false to print nothing, null for the default
     */
    public void setStrictTemplates(Boolean strictTemplates) {
        this.strictTemplates = strictTemplates;
    }

    /**
     * {@return the account-wide template variables ({@code vars.*}), bound from {@code knock.template-variables.*}}
     */
    public java.util.Map<String, Object> getTemplateVariables() {
        return templateVariables;
    }

    /**
     * Sets the account-wide template variables ({@code Notifier.Builder#templateVariables}).
     *
     * @param templateVariables the variables; nested maps become nested objects
     */
    public void setTemplateVariables(java.util.Map<String, Object> templateVariables) {
        this.templateVariables = templateVariables;
    }

    /**
     * {@return the worker settings}
     */
    public Workers getWorkers() {
        return workers;
    }

    /**
     * {@return the settings of the store on the application's DataSource}
     */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /**
     * {@return the settings of the ops console}
     */
    public Console getConsole() {
        return console;
    }

    /** {@code knock.workers.*}: whether and with how many threads this instance runs jobs. */
    public static class Workers {
        /**
         * Whether this instance runs workers. False for a web-only node: it stores triggers and
         * serves reads, and instances with workers on the same database run the jobs.
         */
        private boolean enabled = true;

        /**
         * Threads executing workflow steps. Unset: the library's default (the processor count, at least 2).
         */
        private Integer threads;

        /**
         * Threads calling channel providers. Unset: the library's default (8).
         */
        private Integer deliveryThreads;

        /** Creates the settings with the library's defaults. */
        public Workers() {}

        /**
         * {@return whether this instance runs workers (true by default)}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether this instance runs workers.
         *
         * @param enabled false for a web-only node
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return the worker threads, or null for the library's default}
         */
        public Integer getThreads() {
            return threads;
        }

        /**
         * Sets the worker threads.
         *
         * @param threads at least 1, or null for the library's default
         */
        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        /**
         * {@return the delivery threads, or null for the library's default}
         */
        public Integer getDeliveryThreads() {
            return deliveryThreads;
        }

        /**
         * Sets the delivery threads.
         *
         * @param deliveryThreads at least 1, or null for the library's default
         */
        public void setDeliveryThreads(Integer deliveryThreads) {
            this.deliveryThreads = deliveryThreads;
        }
    }

    /** {@code knock.jdbc.*}: the {@link JdbcStore} built on the application's DataSource. */
    public static class Jdbc {
        /**
         * Whether knock keeps its data in the application's DataSource when there is one. False:
         * the in-memory store.
         */
        private boolean enabled = true;

        /**
         * Whether the store brings its schema (tables prefixed knock_) up to date on start.
         */
        private boolean migrate = true;

        /**
         * How long users, tenants and preference sets read are cached; 0 turns caching off.
         */
        private Duration cacheTtl = Duration.ofSeconds(5);

        /** Creates the settings with the library's defaults. */
        public Jdbc() {}

        /**
         * {@return whether the store is built on the application's DataSource (true by default)}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the store is built on the application's DataSource.
         *
         * @param enabled false for the in-memory store
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return whether the schema is migrated on start (true by default)}
         */
        public boolean isMigrate() {
            return migrate;
        }

        /**
         * Sets whether the schema is migrated on start.
         *
         * @param migrate false if the schema is managed elsewhere
         */
        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }

        /**
         * {@return how long reads are cached (5 seconds by default)}
         */
        public Duration getCacheTtl() {
            return cacheTtl;
        }

        /**
         * Sets how long reads are cached.
         *
         * @param cacheTtl zero or positive
         */
        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }

    /**
     * {@code knock.console.*}: the ops console (knock-console on the classpath, a servlet web
     * application). Off unless enabled: it shows message content and recipients and can retry
     * deliveries, so an application turns it on deliberately, with a {@code ConsoleAuthorizer} bean
     * (without one every request is refused).
     */
    public static class Console {
        /**
         * Whether the ops console is served. Off by default: it exposes message content and can
         * retry deliveries, so it is something to turn on together with an authorizer.
         */
        private boolean enabled = false;

        /**
         * The path the console is served under, starting with a slash.
         */
        private String path = "/knock-console";

        /** Creates the settings with the library's defaults. */
        public Console() {}

        /**
         * {@return whether the console is served (false by default)}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the console is served.
         *
         * @param enabled true to serve it under {@link #getPath()}
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return the path the console is served under ({@code /knock-console} by default)}
         */
        public String getPath() {
            return path;
        }

        /**
         * Sets the path the console is served under.
         *
         * @param path starting with a slash, such as {@code /ops/knock}; a trailing slash is ignored
         */
        public void setPath(String path) {
            this.path = path;
        }
    }
}
