package io.github.knockj.spring;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.memory.InMemoryStore;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.NotifierListener;
import io.github.knockj.core.spi.Store;
import io.github.knockj.jdbc.JdbcStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds a {@link Notifier} from the application context: every {@link Workflow} bean, every
 * {@link ChannelProvider} bean (under its {@link KnockChannel} key, else its bean name), every
 * {@link NotifierListener} bean, then the {@link KnockNotifierCustomizer} beans. Its store is a
 * {@link JdbcStore} on the application's {@link DataSource} when there is exactly one (unless
 * {@code knock.jdbc.enabled=false}), else an {@link InMemoryStore}; a {@link Store} bean of the
 * application's replaces both. Also a {@link KnockTemplate} for sends that join Spring
 * transactions, and, when knock-micrometer and Micrometer are on the classpath, a meter binder of the
 * Notifier's {@code KnockMetrics} (Spring Boot's actuator binds every {@code MeterBinder} bean to its registry)
 * and, when there is an {@code ObservationRegistry} bean, its spans as {@code KnockObservations} in that registry,
 * and, when knock-console is on the classpath of a servlet web application and
 * {@code knock.console.enabled=true}, the ops console's servlet under {@code knock.console.path}.
 * Each bean backs off if the application defines its own. The Notifier is closed
 * with the context, letting the work in flight finish, before its store.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@EnableConfigurationProperties(KnockProperties.class)
public class KnockAutoConfiguration {
    /** Created by Spring. */
    public KnockAutoConfiguration() {}

    /**
     * The store: a {@link JdbcStore} on the application's DataSource when there is exactly one (or
     * one primary) and {@code knock.jdbc.enabled} is not false, else an {@link InMemoryStore}.
     * Inject it as {@link Store}.
     *
     * @param dataSources the application's DataSources
     * @param properties the {@code knock.*} properties
     * @return the store, closed with the context after the Notifier (a DataSource of the application's stays open)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Store.class)
    public Store knockStore(ObjectProvider<DataSource> dataSources, KnockProperties properties) {
        DataSource dataSource = properties.getJdbc().isEnabled() ? dataSources.getIfUnique() : null;
        if (dataSource == null) return InMemoryStore.create();
        return JdbcStore.builder().dataSource(dataSource)
                .migrate(properties.getJdbc().isMigrate())
                .cacheTtl(properties.getJdbc().getCacheTtl())
                .build();
    }

    /**
     * The Notifier, from the context's workflows, channels, listeners and customizers and the {@code knock.*} properties.
     *
     * @param store the store
     * @param properties the {@code knock.*} properties
     * @param beans the context, for channel providers by name and key
     * @param workflows the workflow beans
     * @param listeners the listener beans
     * @param customizers the customizer beans
     * @return the started Notifier, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Notifier knockNotifier(Store store, KnockProperties properties, ListableBeanFactory beans,
                                  ObjectProvider<Workflow> workflows, ObjectProvider<NotifierListener> listeners,
                                  ObjectProvider<KnockNotifierCustomizer> customizers) {
        Notifier.Builder builder = Notifier.builder().store(store)
                .leaseDuration(properties.getLeaseDuration())
                .maxInFlight(properties.getMaxInFlight())
                .pollInterval(properties.getPollInterval())
                .workers(properties.getWorkers().isEnabled());
        if (properties.getRetention() != null) builder.retention(properties.getRetention());
        if (properties.getNodeId() != null) builder.nodeId(properties.getNodeId());
        if (properties.getStrictTemplates() != null) builder.strictTemplates(properties.getStrictTemplates());
        if (!properties.getTemplateVariables().isEmpty()) builder.templateVariables(properties.getTemplateVariables());
        if (properties.getWorkers().getThreads() != null) builder.workerThreads(properties.getWorkers().getThreads());
        if (properties.getWorkers().getDeliveryThreads() != null) builder.deliveryThreads(properties.getWorkers().getDeliveryThreads());
        channels(beans).forEach(builder::channel);
        workflows.orderedStream().forEach(builder::workflow);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** Channel providers by key: the {@link KnockChannel} value, else the bean name; a key given twice fails. */
    private static Map<String, ChannelProvider> channels(ListableBeanFactory beans) {
        Map<String, ChannelProvider> byKey = new LinkedHashMap<>();
        Map<String, String> beanOfKey = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForType(ChannelProvider.class)) {
            KnockChannel annotation = beans.findAnnotationOnBean(name, KnockChannel.class);
            String key = annotation != null ? annotation.value() : name;
            String other = beanOfKey.putIfAbsent(key, name);
            if (other != null) {
                throw new IllegalStateException("channel key '" + key + "' is given by two ChannelProvider beans, '" + other
                        + "' and '" + name + "'; give one another @KnockChannel key, or register failover with a KnockNotifierCustomizer");
            }
            byKey.put(key, beans.getBean(name, ChannelProvider.class));
        }
        return byKey;
    }

    /**
     * Sends triggers that join the caller's Spring transaction.
     *
     * @param notifier the Notifier
     * @param store its store
     * @param dataSources the application's DataSource, if there is exactly one
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean
    public KnockTemplate knockTemplate(Notifier notifier, Store store, ObjectProvider<DataSource> dataSources) {
        DataSource dataSource = store instanceof JdbcStore ? dataSources.getIfUnique() : null;
        return new KnockTemplate(notifier, store, dataSource);
    }

    /**
     * The Micrometer meters of the Notifier, when knock-micrometer (an optional dependency of the
     * starter) and Micrometer are on the classpath.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder", "io.github.knockj.micrometer.KnockMetrics"})
    public static class Metrics {
        /** Created by Spring. */
        public Metrics() {}

        /**
         * A {@code MeterBinder} that Spring Boot's actuator binds to its registry. It is not itself a
         * {@link NotifierListener} bean (the Notifier takes every listener bean, and the meters need the
         * Notifier): it makes the {@code KnockMetrics} of the Notifier when first bound.
         *
         * @param notifier the Notifier, looked up when the binder is first bound
         * @return the binder, closed with the context
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        public KnockMeterBinder knockMeterBinder(ObjectProvider<Notifier> notifier) {
            return new KnockMeterBinder(notifier);
        }
    }

    /**
     * The Notifier's spans as Micrometer Observations, when knock-micrometer is on the classpath and
     * the context has an {@code ObservationRegistry} bean (Spring Boot's actuator makes one).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.observation.ObservationRegistry", "io.github.knockj.micrometer.KnockObservations"})
    public static class Observations {
        /** Created by Spring. */
        public Observations() {}

        /**
         * Sets the Notifier's tracing to {@code KnockObservations} over the context's
         * {@code ObservationRegistry}, if it has exactly one; runs before the application's customizers
         * (order 0), so one of them can set other tracing.
         *
         * @param registry the context's observation registry, looked up when the Notifier is built
         * @return the customizer
         */
        @Bean
        @ConditionalOnMissingBean(name = "knockObservationsCustomizer")
        public KnockNotifierCustomizer knockObservationsCustomizer(ObjectProvider<io.micrometer.observation.ObservationRegistry> registry) {
            return new ObservationsCustomizer(registry);
        }
    }

    /** Sets {@code KnockObservations} over the context's registry, if it has one. */
    private record ObservationsCustomizer(ObjectProvider<io.micrometer.observation.ObservationRegistry> registry)
            implements KnockNotifierCustomizer, org.springframework.core.Ordered {
        @Override
        public void customize(Notifier.Builder builder) {
            io.micrometer.observation.ObservationRegistry r = registry.getIfUnique();
            if (r != null) builder.tracing(io.github.knockj.micrometer.KnockObservations.of(r));
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }

    /**
     * The ops console (knock-console, an optional dependency of the starter), served by a servlet
     * under {@code knock.console.path} in a servlet web application when {@code knock.console.enabled=true}.
     * Every request goes through the context's {@code ConsoleAuthorizer} bean; without one, every
     * request is refused.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.github.knockj.console.KnockConsole", "jakarta.servlet.http.HttpServlet"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(prefix = "knock.console", name = "enabled", havingValue = "true")
    public static class Console {
        /** Created by Spring. */
        public Console() {}

        /**
         * The console's servlet, mapped to {@code knock.console.path} and everything below it.
         *
         * @param notifier the Notifier it shows
         * @param authorizer the application's authorizer, if it defines exactly one
         * @param properties the {@code knock.*} properties
         * @return the servlet registration
         * @throws IllegalArgumentException if {@code knock.console.path} does not start with a slash
         */
        @Bean
        @ConditionalOnMissingBean(name = "knockConsoleServlet")
        public org.springframework.boot.web.servlet.ServletRegistrationBean<io.github.knockj.console.ConsoleServlet> knockConsoleServlet(
                Notifier notifier, ObjectProvider<io.github.knockj.console.ConsoleAuthorizer> authorizer, KnockProperties properties) {
            String path = properties.getConsole().getPath();
            if (path == null || !path.startsWith("/") || path.contains("*")) {
                throw new IllegalArgumentException("knock.console.path must start with '/' and hold no '*', was '" + path + "'");
            }
            while (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
            io.github.knockj.console.KnockConsole console = io.github.knockj.console.KnockConsole.create(notifier, authorizer.getIfUnique());
            var registration = new org.springframework.boot.web.servlet.ServletRegistrationBean<>(
                    new io.github.knockj.console.ConsoleServlet(console), (path.equals("/") ? "" : path) + "/*");
            registration.setName("knockConsole");
            return registration;
        }
    }

    /**
     * Binds the {@code KnockMetrics} of the context's Notifier to each registry it is given, making
     * them on the first bind; closing it removes them from the Notifier.
     */
    public static final class KnockMeterBinder implements io.micrometer.core.instrument.binder.MeterBinder, AutoCloseable {
        private final ObjectProvider<Notifier> notifier;
        private io.github.knockj.micrometer.KnockMetrics metrics;

        KnockMeterBinder(ObjectProvider<Notifier> notifier) {
            this.notifier = notifier;
        }

        @Override
        public synchronized void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
            metrics().bindTo(registry);
        }

        /**
         * The meters, made on first use.
         *
         * @return the Notifier's meters
         */
        public synchronized io.github.knockj.micrometer.KnockMetrics metrics() {
            if (metrics == null) metrics = io.github.knockj.micrometer.KnockMetrics.of(notifier.getObject());
            return metrics;
        }

        @Override
        public synchronized void close() {
            if (metrics != null) metrics.close();
        }
    }
}
