package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three Notifier instances in this JVM, each with its own {@link JdbcStore} and connection pool on
 * one PostgreSQL schema, with real worker threads and short leases, share 20,000 deliveries fanned
 * out from 20 objects. Every provider call is counted by idempotency key and by calling node.
 */
class ScaleOutTest {
    private static final int DELIVERIES = 20_000;
    private static final int NODES = 3;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int CLAIM_BATCH = 128;
    private static final int MAX_IN_FLIGHT = 512;
    /** Objects triggered, each with its own 1,000 subscribers: fan-out pages run one after another per object. */
    private static final int TEAMS = 20;

    private final List<Notifier> notifiers = new ArrayList<>();
    private final List<JdbcStore> stores = new ArrayList<>();

    /** Every provider call: idempotency key to the nodes that made a call with it, in order. */
    private static final class Ledger {
        final Map<String, Queue<String>> callsByKey = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> callsByNode = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        void record(String key, String node) {
            callsByKey.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(node);
            callsByNode.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
            calls.incrementAndGet();
        }

        Set<String> repeatedKeys() {
            Set<String> out = new HashSet<>();
            callsByKey.forEach((k, nodes) -> {
                if (nodes.size() > 1) out.add(k);
            });
            return out;
        }

        Map<String, Integer> split() {
            Map<String, Integer> out = new TreeMap<>();
            callsByNode.forEach((n, c) -> out.put(n, c.get()));
            return out;
        }
    }

    /**
     * Where a node dies: after its provider has made {@code after} calls, every further call of that
     * node is recorded (the provider has sent it) and then held until the test has pulled the plug,
     * so the calls of the chunk in flight are made but can never be committed.
     */
    private static final class CrashPoint {
        static final CrashPoint NEVER = new CrashPoint(Integer.MAX_VALUE);

        final int after;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch pulled = new CountDownLatch(1);
        /** Keys of the calls held at the crash point: sent, never answered to the victim. */
        final Set<String> held = ConcurrentHashMap.newKeySet();

        CrashPoint(int after) {
            this.after = after;
        }

        void called(String key) throws InterruptedException {
            if (this == NEVER || calls.incrementAndGet() < after) return;
            held.add(key);
            reached.countDown();
            pulled.await(30, TimeUnit.SECONDS);
        }
    }

    /** One node's view of the shared ledger: records each call, then answers delivered. */
    private record CountingProvider(String node, Ledger ledger, CrashPoint crash) implements ChannelProvider {
        @Override
        public ChannelType type() {
            return ChannelType.EMAIL;
        }

        /** Reaches every user, so the subscribers need no stored profile (which keeps the set-up short). */
        @Override
        public boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
            return recipient.isUser();
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            ledger.record(message.idempotencyKey(), node);
            try {
                crash.called(message.idempotencyKey());
                Thread.sleep(1); // a little I/O, so that calls overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.delivered(null);
        }
    }

    private static Workflow announcement() {
        return Workflow.builder("announcement")
                .step(Steps.channel("mail", "email").subject("News for {{ recipient.id }}"))
                .build();
    }

    private Notifier startNode(String url, String node, ChannelProvider provider) {
        JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(6).build();
        stores.add(store);
        Notifier n = Notifier.builder().store(store).nodeId(node)
                .workerThreads(2).deliveryThreads(1)
                .claimBatchSize(CLAIM_BATCH).maxInFlight(MAX_IN_FLIGHT)
                .leaseDuration(LEASE).pollInterval(POLL)
                .channel("email", provider)
                .workflow(announcement())
                .build();
        notifiers.add(n);
        return n;
    }

    /** Starts the nodes on one emptied schema and subscribes {@value #DELIVERIES} users, 1,000 to each of {@value #TEAMS} objects. */
    private List<Notifier> cluster(String url, Ledger ledger, CrashPoint lastNodeCrash) {
        List<Notifier> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            String node = "node-" + i;
            nodes.add(startNode(url, node, new CountingProvider(node, ledger, i == NODES - 1 ? lastNodeCrash : CrashPoint.NEVER)));
        }
        List<String> ids = new ArrayList<>(DELIVERIES);
        for (int i = 0; i < DELIVERIES; i++) ids.add(String.format("u%05d", i));
        int perTeam = DELIVERIES / TEAMS;
        nodes.get(0).users().identifyAll(ids.stream().map(id -> io.github.knockj.core.User.builder(id).build()).toList());
        for (int t = 0; t < TEAMS; t++) {
            nodes.get(0).objects().set(team(t), Map.of());
            nodes.get(0).objects().subscribe(team(t), ids.subList(t * perTeam, (t + 1) * perTeam), Map.of());
        }
        return nodes;
    }

    private static ObjectRef team(int t) {
        return ObjectRef.of("teams", "t" + t);
    }

    private static void announceToEveryTeam(Notifier node) {
        for (int t = 0; t < TEAMS; t++) node.trigger("announcement").recipient(team(t)).send();
    }

    @AfterEach
    void stopAll() {
        notifiers.forEach(Notifier::close);
        stores.forEach(JdbcStore::close);
    }

    @Test
    void threeHealthyNodesDeliverEveryMessageExactlyOnceAndAllShareTheWork() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        Ledger ledger = new Ledger();
        List<Notifier> nodes = cluster(url, ledger, CrashPoint.NEVER);

        long start = System.nanoTime();
        announceToEveryTeam(nodes.get(0));
        awaitAllDelivered(ledger);
        long took = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("scale-out, all healthy: %d calls, %d keys, %d repeated, split %s, %d ms%n",
                ledger.calls.get(), ledger.callsByKey.size(), ledger.repeatedKeys().size(), ledger.split(), took);
        assertThat(ledger.repeatedKeys()).isEmpty();
        assertThat(ledger.calls.get()).isEqualTo(DELIVERIES);
        assertThat(ledger.callsByKey.keySet()).isEqualTo(messageIds(url));
        assertThat(messageStatuses(url)).isEqualTo(Map.of("DELIVERED", DELIVERIES));
        assertThat(ledger.split()).containsOnlyKeys("node-0", "node-1", "node-2").allSatisfy((node, calls) -> assertThat(calls).isPositive());
        assertThat(stores.get(0).countJobs()).isZero();
    }

    @Test
    void aNodeStoppedAbruptlyLosesNothingAndRepeatsOnlyTheCallsItHadInFlight() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        Ledger ledger = new Ledger();
        CrashPoint crash = new CrashPoint(1_500);
        List<Notifier> nodes = cluster(url, ledger, crash);
        String victim = "node-2";

        long start = System.nanoTime();
        announceToEveryTeam(nodes.get(0));
        assertThat(crash.reached.await(60, TimeUnit.SECONDS)).as("the victim reached its crash point").isTrue();

        // pull the plug while the victim's provider calls are out: its pool goes away under its running
        // workers, so nothing it has in flight can commit and its leases stay behind until they run out
        stores.get(2).close();
        int leftBehind = leasedJobs(url, victim);
        int victimCalls = ledger.split().get(victim);
        crash.pulled.countDown();
        nodes.get(2).close(); // ends the victim's threads; without its pool it has not written anything since
        long stoppedAt = System.nanoTime();
        awaitAllDelivered(ledger);
        long now = System.nanoTime();

        Set<String> repeated = ledger.repeatedKeys();
        System.out.printf("scale-out, %s stopped after %d calls with %d jobs leased: %d calls, %d keys, %d repeated, split %s,"
                        + " %d ms (%d ms after the stop)%n",
                victim, victimCalls, leftBehind, ledger.calls.get(), ledger.callsByKey.size(), repeated.size(), ledger.split(),
                (now - start) / 1_000_000, (now - stoppedAt) / 1_000_000);
        // nothing lost
        assertThat(ledger.callsByKey.keySet()).isEqualTo(messageIds(url));
        assertThat(messageStatuses(url)).isEqualTo(Map.of("DELIVERED", DELIVERIES));
        assertThat(stores.get(0).countJobs()).isZero();
        // repeated: only what the victim had sent and not committed (at most maxInFlight calls), once more
        // each by one healthy node. The leases it left behind may already have run out while its pool shut
        // down and been taken by a healthy node, so the repeats are checked against the calls, not the leases.
        assertThat(repeated).as("the calls held when the plug was pulled are repeated").containsAll(crash.held).isNotEmpty();
        assertThat(repeated.size()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(leftBehind).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        ledger.callsByKey.forEach((key, callers) -> {
            List<String> calls = List.copyOf(callers);
            if (calls.size() > 1) {
                assertThat(calls).as("calls with key %s", key).hasSize(2).first().isEqualTo(victim);
                assertThat(calls.get(1)).as("the repeat of %s", key).isNotEqualTo(victim);
            }
        });
        assertThat(ledger.calls.get()).isEqualTo(DELIVERIES + repeated.size());
    }

    /** Waits (at most 75 s) until every message has had a provider call and no job is left. */
    private void awaitAllDelivered(Ledger ledger) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(75).toNanos();
        while (ledger.callsByKey.size() < DELIVERIES || stores.get(0).countJobs() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after 75 s: " + ledger.callsByKey.size() + " of " + DELIVERIES + " messages sent, "
                        + stores.get(0).countJobs() + " jobs left");
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> messageIds(String url) throws SQLException {
        Set<String> ids = new HashSet<>();
        query(url, "SELECT id FROM knock_messages", rs -> ids.add(rs.getString(1)));
        return ids;
    }

    private static Map<String, Integer> messageStatuses(String url) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        query(url, "SELECT status, COUNT(*) FROM knock_messages GROUP BY status", rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    /** How many jobs {@code owner} holds leases on. */
    private static int leasedJobs(String url, String owner) throws SQLException {
        int[] n = new int[1];
        query(url, "SELECT count(*) FROM knock_jobs WHERE owner = '" + owner + "' AND lease_until IS NOT NULL", rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(String url, String sql, Row row) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) row.accept(rs);
        }
    }
}
