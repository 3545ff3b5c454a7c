package io.github.knockj.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.knockj.core.FeedPage;
import io.github.knockj.core.FeedQuery;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunQuery;
import io.github.knockj.core.StoreException;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.BatchClose;
import io.github.knockj.core.spi.BatchJoin;
import io.github.knockj.core.spi.BatchRequest;
import io.github.knockj.core.spi.EngagementChange;
import io.github.knockj.core.spi.Cancellation;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.CommitResult;
import io.github.knockj.core.spi.IdempotencyRecord;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.PurgeRequest;
import io.github.knockj.core.spi.PurgeResult;
import io.github.knockj.core.spi.ScheduleRecord;
import io.github.knockj.core.spi.Store;
import io.github.knockj.core.spi.TriggerRecord;
import io.github.knockj.jdbc.internal.BatchRepository;
import io.github.knockj.jdbc.internal.Dialect;
import io.github.knockj.jdbc.internal.Housekeeping;
import io.github.knockj.jdbc.internal.IdempotencyRepository;
import io.github.knockj.jdbc.internal.JobRepository;
import io.github.knockj.jdbc.internal.MessageRepository;
import io.github.knockj.jdbc.internal.Migrator;
import io.github.knockj.jdbc.internal.ReadCache;
import io.github.knockj.jdbc.internal.Redact;
import io.github.knockj.jdbc.internal.RecipientRepository;
import io.github.knockj.jdbc.internal.RunRepository;
import io.github.knockj.jdbc.internal.ScheduleRepository;
import io.github.knockj.jdbc.internal.ThrottleRepository;
import io.github.knockj.jdbc.internal.Tx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A {@link Store} in a relational database, PostgreSQL or H2: many nodes may share one database.
 * Build one with {@link #builder()}, or take the embedded default with {@link #h2File(Path)}.
 *
 * <pre>{@code
 * Store store = JdbcStore.builder()
 *         .url("jdbc:postgresql://db/app").username("app").password(secret)
 *         .build();
 * }</pre>
 *
 * <p>On start the store brings its schema (tables prefixed {@code knock_}) up to date unless
 * {@link Builder#migrate(boolean) migrate(false)}. Every operation runs in its own transaction,
 * whatever the data source's autocommit setting, and throws
 * {@link io.github.knockj.core.StoreException} naming the operation when the database fails.
 * Credentials in a JDBC URL (user-info, or parameters such as {@code password=}) never appear in
 * the store's exception messages: they read {@code ***}. Thread-safe; immutable once built.
 *
 * <p><b>Caching.</b> Users, tenants and preference sets (single and bulk lookups, absent ones
 * included) are cached in memory for {@link Builder#cacheTtl(Duration) cacheTtl} (5 seconds if
 * unset; {@link Duration#ZERO} turns caching off), at most
 * {@link Builder#cacheMaximumSize(long) cacheMaximumSize} entries per kind. Only committed data is
 * cached. A write through this store ({@code mergeUsers}, {@code deleteUser}, {@code putTenant},
 * {@code deleteTenant}, {@code updatePreferences}) invalidates what it changed once its transaction
 * has committed, and a read racing it does not cache what it read, so this store's own writes are
 * visible to its next read. Writes by other instances or processes on the same database, and writes
 * through a {@link #joining(Connection)} view (committed later by the application), become visible
 * at most {@code cacheTtl} after they commit: that is the bound on staleness. Everything else (runs,
 * jobs, messages, feeds, batches) is always read from the database.
 */
public final class JdbcStore implements Store {
    private final HikariDataSource ownedPool;
    /** False for a store joining its caller's transaction: it neither opened nor closes anything. */
    private final boolean opensDatabase;
    private final String dialectName;
    private final RecipientRepository recipients;
    private final RunRepository runs;
    private final JobRepository jobs;
    private final MessageRepository messages;
    private final BatchRepository batches;
    private final ThrottleRepository throttles;
    private final ScheduleRepository schedules;
    private final IdempotencyRepository idempotency;
    private final Housekeeping housekeeping;

    private final Tx tx;
    private final ReadCache cache;

    private JdbcStore(DataSource dataSource, HikariDataSource ownedPool, Dialect dialect, boolean migrate, ReadCache cache,
                      boolean writeDelayGiven) {
        this(new Tx(dataSource, dialect), ownedPool, cache, true);
        dialect.opened(tx);
        try {
            if (migrate) Migrator.migrate(tx);
            if (!writeDelayGiven) dialect.makeCommitsSurviveKill(tx);
        } catch (RuntimeException e) {
            dialect.closed(); // the store is not built, so close() will never say so
            throw e;
        }
    }

    private JdbcStore(Tx tx, HikariDataSource ownedPool, ReadCache cache, boolean opensDatabase) {
        this.ownedPool = ownedPool;
        this.cache = cache;
        this.dialectName = tx.dialect().name();
        this.tx = tx;
        this.opensDatabase = opensDatabase;
        this.recipients = new RecipientRepository(tx);
        this.batches = new BatchRepository(tx);
        this.runs = new RunRepository(tx, batches);
        this.jobs = new JobRepository(tx);
        this.messages = new MessageRepository(tx);
        this.throttles = new ThrottleRepository(tx);
        this.schedules = new ScheduleRepository(tx);
        this.idempotency = new IdempotencyRepository(tx);
        this.housekeeping = new Housekeeping(tx);
    }

    /**
     * A builder for a store on a JDBC URL or on a {@link DataSource} of your own.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The embedded default: an H2 database in {@code file} (H2 adds {@code .mv.db}), surviving
     * restarts. A commit is written to the file before it returns (the store sets H2's
     * {@code WRITE_DELAY} to 0), so what was acknowledged survives the process being killed; it is
     * not forced to the disk, so a power loss or operating system crash can lose the last commits.
     * Use PostgreSQL for that. While the store is open, a file {@code <file>.knock-open} marks the
     * database in use; a store that finds it left by a process that died rebuilds knock's indexes
     * before it starts (H2 can leave one out of step with its table when killed mid-commit).
     *
     * @param file the database file, without the {@code .mv.db} suffix
     * @return the store, with its schema migrated
     * @throws StoreException if the database cannot be opened or migrated
     */
    public static JdbcStore h2File(Path file) {
        Objects.requireNonNull(file, "file");
        return builder().url("jdbc:h2:file:" + file.toAbsolutePath() + ";LOCK_TIMEOUT=10000").build();
    }

    /**
     * An H2 database in this JVM's memory, named {@code name}: stores built with the same name share
     * it; it lives until the JVM exits. For tests and demos.
     *
     * @param name letters, digits, {@code _} or {@code -}
     * @return the store, with its schema migrated
     * @throws IllegalArgumentException if the name is blank or has other characters
     */
    public static JdbcStore h2InMemory(String name) {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("in-memory database name must be letters, digits, '_' or '-', was '" + name + "'");
        }
        return builder().url("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000").build();
    }

    /**
     * This store bound to the application's open transaction on {@code connection} (same database):
     * everything written through the view — such as a trigger sent with
     * {@code notifier.trigger(…).send(store.joining(connection))} — commits or rolls back with the
     * application's own changes. The view never commits, rolls back or closes the connection. Use
     * it for the duration of that transaction only.
     *
     * @param connection a connection to this store's database, inside the application's transaction
     * @return a store view writing on that connection
     */
    public Store joining(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return new JdbcStore(tx.joining(connection), null, cache.joined(), false);
    }

    /**
     * The database this store runs on: {@code "postgres"} or {@code "h2"}.
     *
     * @return {@code "postgres"} or {@code "h2"}
     */
    public String dialect() {
        return dialectName;
    }

    /** Builds a {@link JdbcStore}. Give either a URL (the store then owns a connection pool) or a data source. */
    public static final class Builder {
        /** Connections in the pool the store builds, if unset. */
        public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
        /** How long users, tenants and preference sets read are cached, if unset: 5 seconds. */
        public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);
        /** Most users, tenants and preference sets (each) kept in the cache, if unset. */
        public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 10_000;

        private String url;
        private String username;
        private String password;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private DataSource dataSource;
        private boolean migrate = true;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private long cacheMaximumSize = DEFAULT_CACHE_MAXIMUM_SIZE;

        private Builder() {}

        /**
         * A JDBC URL ({@code jdbc:postgresql:…} or {@code jdbc:h2:…}); the store builds and closes its
         * own pool. On an H2 database in a file, the store sets H2's {@code WRITE_DELAY} to 0 unless
         * the URL sets {@code ;WRITE_DELAY=} itself, so that a commit that returned survives the process
         * being killed (see {@link JdbcStore#h2File(Path)}); the same for a {@link #dataSource} on H2.
         *
         * @param url the JDBC URL
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * The database user for {@link #url}; none if unset.
         *
         * @param username the user name
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * The password for {@link #url}; none if unset.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * The size of the pool built for {@link #url}; {@value #DEFAULT_MAXIMUM_POOL_SIZE} if unset.
         *
         * @param maximumPoolSize the pool size, at least 1
         * @return this builder
         */
        public Builder maximumPoolSize(int maximumPoolSize) {
            if (maximumPoolSize < 1) throw new IllegalArgumentException("maximum pool size must be at least 1, was " + maximumPoolSize);
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /**
         * Your own data source instead of a URL; the store never closes it. Its autocommit setting
         * does not matter: the store manages transactions itself.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Whether to create or upgrade the schema on build; true if unset.
         *
         * @param migrate false to leave the schema alone (it must then be current)
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * How long a user, tenant or preference set read through this store is served from memory;
         * {@link Duration#ZERO} turns the cache off. Writes through this store are seen at once; writes
         * by other instances (or through a {@link JdbcStore#joining(Connection)} view, whose
         * transaction commits later) are seen at most this long after they commit. 5 seconds if unset.
         *
         * @param ttl the time to live, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "cacheTtl");
            if (ttl.isNegative()) throw new IllegalArgumentException("cache TTL must not be negative, was " + ttl);
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * Most entries the cache keeps per kind (users, tenants, preference sets), least recently used
         * going first; 0 turns the cache off. {@value #DEFAULT_CACHE_MAXIMUM_SIZE} if unset.
         *
         * @param size the most entries per kind, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheMaximumSize(long size) {
            if (size < 0) throw new IllegalArgumentException("cache maximum size must not be negative, was " + size);
            this.cacheMaximumSize = size;
            return this;
        }

        private ReadCache cache() {
            return ReadCache.create(cacheTtl, cacheMaximumSize);
        }

        /**
         * Connects, migrates the schema (unless turned off) and returns the store.
         *
         * @return the store, ready to use
         * @throws IllegalArgumentException if neither or both of a URL and a data source are given,
         *                                  or the database is not PostgreSQL or H2
         * @throws StoreException if the database cannot be reached or migrated
         */
        public JdbcStore build() {
            if ((url == null) == (dataSource == null)) {
                throw new IllegalArgumentException("give exactly one of url(...) and dataSource(...); url was "
                        + Redact.credentials(url) + ", dataSource was " + dataSource);
            }
            if (dataSource != null) {
                return new JdbcStore(dataSource, null, detect(dataSource), migrate, cache(), false);
            }
            Dialect dialect = Dialect.forName(url);
            if (dialect == null) throw new IllegalArgumentException("knock supports PostgreSQL and H2 URLs, was " + Redact.credentials(url));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(username);
            config.setPassword(password);
            config.setMaximumPoolSize(maximumPoolSize);
            config.setMinimumIdle(Math.min(2, maximumPoolSize));
            config.setAutoCommit(false);
            config.setPoolName("knock");
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new StoreException(Redact.credentials("could not connect to " + url + ": " + e.getMessage()), Redact.credentials(e));
            }
            try {
                return new JdbcStore(pool, pool, dialect, migrate, cache(),
                        url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY="));
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }

        private static Dialect detect(DataSource dataSource) {
            String product;
            try (Connection c = dataSource.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new StoreException(Redact.credentials("could not connect to the data source: " + e.getMessage()), Redact.credentials(e));
            }
            Dialect dialect = Dialect.forName(product);
            if (dialect == null) throw new IllegalArgumentException("knock supports PostgreSQL and H2, the data source is " + product);
            return dialect;
        }
    }

    // ---------------------------------------------------------------- users, objects, tenants

    @Override
    public List<User> mergeUsers(List<User> updates, Instant now) {
        try {
            return recipients.mergeUsers(updates, now);
        } finally {
            cache.usersWritten(ReadCache.idsOf(updates));
        }
    }

    @Override public Optional<User> findUser(String id) { return cache.user(id, () -> recipients.findUser(id)); }
    @Override public Map<String, User> findUsers(Collection<String> ids) { return cache.users(ids, recipients::findUsers); }

    @Override
    public boolean deleteUser(String id) {
        try {
            return recipients.deleteUser(id);
        } finally {
            cache.userDeleted(id);
        }
    }

    @Override public KnockObject mergeObject(KnockObject update, Instant now) { return recipients.mergeObject(update, now); }
    @Override public Optional<KnockObject> findObject(ObjectRef ref) { return recipients.findObject(ref); }
    @Override public boolean deleteObject(ObjectRef ref) { return recipients.deleteObject(ref); }
    @Override public void subscribe(List<Subscription> subscriptions) { recipients.subscribe(subscriptions); }
    @Override public int unsubscribe(ObjectRef ref, Collection<String> userIds) { return recipients.unsubscribe(ref, userIds); }
    @Override public List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit) { return recipients.subscribers(ref, afterUserId, throughUserId, limit); }
    @Override public List<Subscription> subscriptionsOf(String userId) { return recipients.subscriptionsOf(userId); }

    @Override
    public void putTenant(Tenant tenant) {
        try {
            recipients.putTenant(tenant);
        } finally {
            cache.tenantWritten(tenant.id());
        }
    }

    @Override public Optional<Tenant> findTenant(String id) { return cache.tenant(id, () -> recipients.findTenant(id)); }

    @Override
    public boolean deleteTenant(String id) {
        try {
            return recipients.deleteTenant(id);
        } finally {
            cache.tenantWritten(id);
        }
    }

    // ---------------------------------------------------------------- preferences

    @Override
    public PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change) {
        try {
            return recipients.updatePreferences(userId, setId, change);
        } finally {
            cache.preferencesWritten(userId, setId);
        }
    }

    @Override
    public Optional<PreferenceSet> findPreferences(String userId, String setId) {
        return cache.preferences(userId, setId, () -> recipients.findPreferences(userId, setId));
    }

    @Override
    public Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId) {
        return cache.preferences(userIds, setId, ids -> recipients.findPreferences(ids, setId));
    }

    // ---------------------------------------------------------------- triggers, runs, jobs

    @Override public CommitResult commit(ChangeSet changes) { return runs.commit(changes); }
    @Override public Optional<TriggerRecord> findTrigger(String id) { return runs.findTrigger(id); }
    @Override public Map<String, TriggerRecord> findTriggers(Collection<String> ids) { return runs.findTriggers(ids); }
    @Override public Optional<WorkflowRun> findRun(String id) { return runs.findRun(id); }
    @Override public Map<String, WorkflowRun> findRuns(Collection<String> ids) { return runs.findRuns(ids); }
    @Override public List<WorkflowRun> runsOfTrigger(String triggerId, String afterRunId, int limit) { return runs.runsOfTrigger(triggerId, afterRunId, limit); }
    @Override public List<RunLogEntry> runLog(String runId) { return runs.runLog(runId); }
    @Override public List<WorkflowRun> listRuns(RunQuery query) { return runs.listRuns(query); }
    @Override public List<Job> claimJobs(String owner, Instant now, Instant leaseUntil, int limit) { return jobs.claimJobs(owner, now, leaseUntil, limit); }
    @Override public Set<String> confirmLeases(String owner, Collection<String> jobIds, Instant leaseUntil) { return jobs.confirmLeases(owner, jobIds, leaseUntil); }
    @Override public int renewLeases(String owner, Collection<String> jobIds, Instant leaseUntil) { return jobs.renewLeases(owner, jobIds, leaseUntil); }
    @Override public Optional<Instant> nextDueAt(Instant now) { return jobs.nextDueAt(now); }
    @Override public long countJobs() { return jobs.countJobs(); }
    @Override public List<WorkflowRun> cancelRuns(Cancellation cancellation, Instant now) { return runs.cancelRuns(cancellation, now); }

    @Override
    public List<Cancellation> findCancellations(String workflowKey, String cancellationKey, Instant since) {
        return runs.findCancellations(workflowKey, cancellationKey, since);
    }

    // ---------------------------------------------------------------- messages and feeds

    @Override public Optional<Message> findMessage(String id) { return messages.findMessage(id); }
    @Override public Map<String, Message> findMessages(Collection<String> ids) { return messages.findMessages(ids); }
    @Override public List<MessageEvent> messageEvents(String messageId) { return messages.messageEvents(messageId); }
    @Override public List<Message> messagesOfRun(String runId) { return messages.messagesOfRun(runId); }
    @Override public List<Message> listMessages(MessageQuery query) { return messages.listMessages(query); }
    @Override public FeedPage feed(FeedQuery query) { return messages.feed(query); }

    @Override
    public List<Message> updateEngagement(Collection<String> messageIds, EngagementChange change) {
        return messages.updateEngagement(messageIds, change);
    }

    @Override
    public int updateEngagementWhere(FeedQuery query, EngagementChange change) {
        return messages.updateEngagementWhere(query, change);
    }

    // ---------------------------------------------------------------- batches and throttles

    @Override public BatchJoin addToBatch(BatchRequest request) { return batches.addToBatch(request); }
    @Override public List<BatchJoin> addToBatches(List<BatchRequest> requests) { return batches.addToBatches(requests); }

    @Override
    public Optional<BatchClose> closeBatch(String batchId, Instant now, int activityLimit, boolean lastActivities, int actorLimit) {
        return batches.closeBatch(batchId, now, activityLimit, lastActivities, actorLimit);
    }

    @Override
    public boolean acquireThrottle(String key, String runId, Instant now, Duration window, int limit) {
        return throttles.acquire(key, runId, now, window, limit);
    }

    // ---------------------------------------------------------------- schedules and housekeeping

    @Override public void putSchedule(ScheduleRecord schedule, Job nextJob) { schedules.put(schedule, nextJob); }
    @Override public Optional<ScheduleRecord> findSchedule(String id) { return schedules.find(id); }
    @Override public boolean deleteSchedule(String id) { return schedules.delete(id); }
    @Override public List<ScheduleRecord> schedules(String afterId, int limit) { return schedules.list(afterId, limit); }
    @Override public Optional<IdempotencyRecord> findIdempotency(String key, Instant now) { return idempotency.find(key, now); }
    @Override public Map<String, IdempotencyRecord> findIdempotencyRecords(Collection<String> keys, Instant now) { return idempotency.findAll(keys, now); }
    @Override public PurgeResult purge(PurgeRequest request) { return housekeeping.purge(request); }

    /** Closes the pool the store built from a URL; a data source you passed in stays open. */
    @Override
    public void close() {
        if (ownedPool != null) ownedPool.close();
        if (opensDatabase) tx.dialect().closed();
    }
}
