package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.StoreException;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.RunChanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the contract suites do not cover: building, migrating, several nodes on one database, bulk writes. */
class JdbcStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void builderRejectsNeitherOrBothSourcesAndUnknownDatabases() {
        assertThatThrownBy(() -> JdbcStore.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of url");
        assertThatThrownBy(() -> JdbcStore.builder().url("jdbc:mysql://x/y").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://x/y");
        assertThatThrownBy(() -> JdbcStore.builder().maximumPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> JdbcStore.h2InMemory("bad name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsInAUrlNeverReachAnExceptionMessage() {
        String secret = "s3cret-pw";
        List<String> urls = List.of(
                "jdbc:postgresql://127.0.0.1:1/db?user=app&password=" + secret,
                "jdbc:postgresql://127.0.0.1:1/db?sslpassword=" + secret + "&user=app",
                "jdbc:postgresql://app:" + secret + "@127.0.0.1:1/db",
                "jdbc:h2:tcp://127.0.0.1:1/db;USER=app;PASSWORD=" + secret,
                "jdbc:h2:mem:redact;PASSWORD=" + secret + ";NO_SUCH_SETTING=1");
        for (String url : urls) {
            assertThatThrownBy(() -> JdbcStore.builder().url(url).build()).isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not connect to " + url.substring(0, 12)).hasMessageContaining("***")
                    .satisfies(e -> assertThat(chainText(e)).as(url).doesNotContain(secret));
        }
        assertThatThrownBy(() -> JdbcStore.builder().url("jdbc:mysql://app:" + secret + "@x/y?password=" + secret).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://app:***@x/y?password=***");
        assertThatThrownBy(() -> JdbcStore.builder().url("jdbc:h2:mem:x;PASSWORD=" + secret).dataSource(new org.h2.jdbcx.JdbcDataSource()).build())
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(secret);
    }

    @Test
    void anH2DatabaseInAFileIsSetToWriteEachCommitBeforeItReturns() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "write-delay"));
        Path built = Files.createTempDirectory(dir, "url").resolve("db").toAbsolutePath();
        try (JdbcStore store = JdbcStore.builder().url("jdbc:h2:file:" + built).build()) {
            assertThat(writeDelay("jdbc:h2:file:" + built, "", "")).isEqualTo("0");
        }
        Path given = Files.createTempDirectory(dir, "given").resolve("db").toAbsolutePath();
        try (JdbcStore store = JdbcStore.builder().url("jdbc:h2:file:" + given + ";WRITE_DELAY=300").build()) {
            assertThat(writeDelay("jdbc:h2:file:" + given, "", "")).as("a delay the URL sets is kept").isEqualTo("300");
        }
        Path own = Files.createTempDirectory(dir, "ds").resolve("db").toAbsolutePath();
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + own);
        try (JdbcStore store = JdbcStore.builder().dataSource(ds).build()) {
            assertThat(writeDelay("jdbc:h2:file:" + own, "", "")).isEqualTo("0");
        }
        // a user without admin rights cannot change the setting: the store still starts (and logs what is at risk)
        Path shared = Files.createTempDirectory(dir, "user").resolve("db").toAbsolutePath();
        try (Connection admin = DriverManager.getConnection("jdbc:h2:file:" + shared, "sa", "");
                Statement s = admin.createStatement()) {
            s.execute("CREATE USER app PASSWORD 'pw'");
            s.execute("GRANT ALTER ANY SCHEMA TO app");
            try (JdbcStore store = JdbcStore.builder().url("jdbc:h2:file:" + shared).username("app").password("pw").build()) {
                assertThat(store.countJobs()).isZero();
            }
        }
    }

    private static String writeDelay(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            r.next();
            return r.getString(1);
        }
    }

    /** The messages of {@code e} and all its causes, as a log line of its stack trace would show them. */
    private static String chainText(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) s.append(t).append('\n');
        return s.toString();
    }

    @Test
    void withoutMigrationAStoreOnAnEmptyDatabaseFailsWithTheOperationNamed() {
        try (JdbcStore store = JdbcStore.builder().url("jdbc:h2:mem:unmigrated;DB_CLOSE_DELAY=-1").migrate(false).build()) {
            assertThatThrownBy(() -> store.findRun("r")).isInstanceOf(StoreException.class).hasMessageStartingWith("findRun failed");
        }
    }

    @Test
    void nodesStartingTogetherMigrateOnceAndClaimEachJobExactlyOnce() throws Exception {
        String url = TestDatabases.newPostgresSchemaUrl();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<JdbcStore>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) starting.add(pool.submit(() -> JdbcStore.builder().url(url).maximumPoolSize(3).build()));
        List<JdbcStore> nodes = new ArrayList<>();
        for (Future<JdbcStore> f : starting) nodes.add(f.get(60, TimeUnit.SECONDS));
        try {
            assertThat(nodes).allSatisfy(n -> assertThat(n.dialect()).isEqualTo("postgres"));
            int n = 900;
            ChangeSet jobs = new ChangeSet(null);
            for (int i = 0; i < n; i++) jobs.jobs().add(Job.create(String.format("J%04d", i), JobKind.RUN, "r" + i, null, T0, T0));
            nodes.get(0).commit(jobs);

            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                JdbcStore node = nodes.get(w);
                String owner = "node" + w;
                workers.add(pool.submit(() -> {
                    while (true) {
                        List<Job> got = node.claimJobs(owner, T0, T0.plusSeconds(60), 20);
                        if (got.isEmpty()) return null;
                        ChangeSet done = new ChangeSet(owner);
                        for (Job j : got) {
                            if (!seen.add(j.id())) duplicates.add(j.id());
                            done.completedJobs().add(j.id());
                        }
                        node.commit(done);
                    }
                }));
            }
            for (Future<?> f : workers) f.get(60, TimeUnit.SECONDS);
            assertThat(duplicates).isEmpty();
            assertThat(seen).hasSize(n);
            assertThat(nodes.get(2).countJobs()).isZero();
        } finally {
            pool.shutdown();
            nodes.forEach(JdbcStore::close);
        }
    }

    @Test
    void aHeartbeatSkipsAJobBeingWrittenButAConfirmationWaitsForIt() throws Exception {
        String url = TestDatabases.newPostgresSchemaUrl();
        try (JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(2).build()) {
            ChangeSet jobs = new ChangeSet(null);
            jobs.jobs().add(Job.create("J1", JobKind.DELIVER, "m1", null, T0, T0));
            jobs.jobs().add(Job.create("J2", JobKind.DELIVER, "m2", null, T0, T0));
            store.commit(jobs);
            assertThat(store.claimJobs("a", T0, T0.plusSeconds(10), 2)).hasSize(2);

            try (java.sql.Connection other = java.sql.DriverManager.getConnection(url)) {
                other.setAutoCommit(false);
                try (java.sql.Statement st = other.createStatement()) {
                    st.executeQuery("SELECT id FROM knock_jobs WHERE id = 'J1' FOR UPDATE").close();
                }
                // the heartbeat does not wait for the row another transaction writes
                assertThat(store.renewLeases("a", List.of("J1", "J2"), T0.plusSeconds(20))).isEqualTo(1);
                ExecutorService pool = Executors.newSingleThreadExecutor();
                try {
                    Future<Set<String>> confirming = pool.submit(() -> store.confirmLeases("a", List.of("J1", "J2"), T0.plusSeconds(30)));
                    Thread.sleep(300);
                    assertThat(confirming).as("a confirmation waits for the writer").isNotDone();
                    other.commit();
                    assertThat(confirming.get(10, TimeUnit.SECONDS)).containsExactlyInAnyOrder("J1", "J2");
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void aLargeFanOutIsWrittenInFewRoundTripsOnPostgres() {
        try (JdbcStore store = JdbcStore.builder().url(TestDatabases.newPostgresSchemaUrl()).maximumPoolSize(2).build()) {
            int runs = 20_000;
            long start = System.nanoTime();
            for (int chunk = 0; chunk < runs / 1_000; chunk++) {
                ChangeSet cs = new ChangeSet(null);
                for (int i = 0; i < 1_000; i++) {
                    String id = "R" + chunk + "-" + i;
                    WorkflowRun r = new WorkflowRun(id, "T1", "wf", Recipient.user("u" + chunk + "-" + i), null, null, Map.of("n", i), null,
                            RunStatus.PAUSED, "mail", Map.of(), 0, false, T0, T0, 1);
                    RunChanges rc = new RunChanges(r, true);
                    rc.messages().add(new Message("M" + id, id, "wf", "mail", "email", ChannelType.EMAIL, r.recipient(), null, null,
                            List.of("c"), Map.of("subject", "hi"), Map.of(), DeliveryStatus.QUEUED, 0, null, null, null, null, null, T0, T0));
                    rc.jobs().add(Job.create("J" + id, JobKind.DELIVER, "M" + id, null, T0, T0));
                    rc.log().add(new RunLogEntry(id, T0, "mail", RunLogEntry.Outcome.MESSAGE_QUEUED, null));
                    cs.runs().add(rc);
                }
                assertThat(store.commit(cs).skippedRuns()).isEmpty();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(store.countJobs()).isEqualTo(runs);
            // 4 rows per run, 80,000 rows in 20 commits of 1,000 runs: a guard against a round trip per row
            // (which would take minutes here), not a benchmark
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            System.out.println("wrote " + runs + " runs with messages, jobs and logs in " + took.toMillis() + " ms");
        }
    }
}
