package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.core.spi.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The read cache: this store's writes are seen at once, other instances' writes within the TTL. */
class JdbcStoreCacheTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Duration LONG = Duration.ofHours(1);

    private static JdbcStore store(String url, Duration ttl) {
        return JdbcStore.builder().url(url).maximumPoolSize(2).cacheTtl(ttl).build();
    }

    private static User user(String id, String name) {
        return User.builder(id).name(name).email(id + "@example.com").build();
    }

    private static Optional<String> nameOf(Store store, String id) {
        return store.findUser(id).flatMap(User::name);
    }

    private static PreferenceSet emailOff() {
        return PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build();
    }

    @Test
    void writesThroughThisStoreAreVisibleAtOnceEvenWithALongTtl() {
        try (JdbcStore store = store(TestDatabases.reusedPostgresSchemaUrl(), LONG)) {
            assertThat(store.findUser("u1")).isEmpty(); // absence is cached too
            assertThat(store.findUsers(List.of("u1", "u2"))).isEmpty();
            store.mergeUsers(List.of(user("u1", "Ada"), user("u2", "Bob")), T0);
            assertThat(nameOf(store, "u1")).contains("Ada");
            assertThat(store.findUsers(List.of("u1", "u2"))).containsOnlyKeys("u1", "u2");
            store.mergeUsers(List.of(user("u1", "Ada L.")), T0.plusSeconds(1));
            assertThat(nameOf(store, "u1")).contains("Ada L.");
            assertThat(store.findUsers(List.of("u1")).get("u1").name()).contains("Ada L.");

            assertThat(store.findPreferences("u1", "default")).isEmpty();
            assertThat(store.findPreferences(List.of("u1", "u2"), "default")).isEmpty();
            store.updatePreferences("u1", "default", p -> emailOff());
            assertThat(store.findPreferences("u1", "default")).contains(emailOff());
            assertThat(store.findPreferences(List.of("u1", "u2"), "default")).isEqualTo(Map.of("u1", emailOff()));

            assertThat(store.deleteUser("u1")).isTrue(); // takes its preference sets with it
            assertThat(store.findUser("u1")).isEmpty();
            assertThat(store.findUsers(List.of("u1", "u2"))).containsOnlyKeys("u2");
            assertThat(store.findPreferences("u1", "default")).isEmpty();
            assertThat(store.findPreferences(List.of("u1"), "default")).isEmpty();

            assertThat(store.findTenant("acme")).isEmpty();
            store.putTenant(new Tenant("acme", "Acme", null, Map.of(), null));
            assertThat(store.findTenant("acme")).map(Tenant::name).contains("Acme");
            store.putTenant(new Tenant("acme", "Acme Inc.", null, Map.of(), emailOff()));
            assertThat(store.findTenant("acme")).map(Tenant::name).contains("Acme Inc.");
            assertThat(store.deleteTenant("acme")).isTrue();
            assertThat(store.findTenant("acme")).isEmpty();
        }
    }

    @Test
    void writesThroughAnotherInstanceAreSeenWithinTheTtl() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        Duration ttl = Duration.ofMillis(300);
        try (JdbcStore first = store(url, ttl); JdbcStore cachingLong = store(url, LONG); JdbcStore other = store(url, ttl)) {
            other.mergeUsers(List.of(user("u1", "Ada")), T0);
            other.putTenant(new Tenant("acme", "Acme", null, Map.of(), null));
            assertThat(nameOf(first, "u1")).contains("Ada");
            assertThat(nameOf(cachingLong, "u1")).contains("Ada");
            assertThat(first.findTenant("acme")).isPresent();
            assertThat(cachingLong.findTenant("acme")).isPresent();
            assertThat(first.findPreferences(List.of("u1"), "default")).isEmpty();
            assertThat(cachingLong.findPreferences(List.of("u1"), "default")).isEmpty();

            other.mergeUsers(List.of(user("u1", "Bea")), T0.plusSeconds(1));
            other.deleteTenant("acme");
            other.updatePreferences("u1", "default", p -> emailOff());
            long written = System.nanoTime();

            // the other instance's writes reach this one by expiry only: a long TTL still serves the old values
            assertThat(nameOf(cachingLong, "u1")).contains("Ada");
            assertThat(cachingLong.findTenant("acme")).isPresent();
            assertThat(cachingLong.findPreferences(List.of("u1"), "default")).isEmpty();
            // and a short one sees them once it has passed
            Duration seenAfter = within(Duration.ofSeconds(5), () -> nameOf(first, "u1").equals(Optional.of("Bea"))
                    && first.findTenant("acme").isEmpty()
                    && first.findPreferences(List.of("u1"), "default").equals(Map.of("u1", emailOff())), written);
            assertThat(seenAfter).isLessThan(ttl.plusSeconds(2)); // the TTL, plus room for a busy machine
        }
    }

    @Test
    void aReadInsideAnApplicationTransactionThatRollsBackIsNeverCached() throws Exception {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        try (JdbcStore store = store(url, LONG); Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            Store inTx = store.joining(c);
            inTx.mergeUsers(List.of(user("u1", "Ada")), T0);
            inTx.updatePreferences("u1", "default", p -> emailOff());
            assertThat(nameOf(inTx, "u1")).contains("Ada"); // the transaction sees its own write
            assertThat(inTx.findPreferences("u1", "default")).contains(emailOff());
            c.rollback();
            assertThat(store.findUser("u1")).isEmpty();
            assertThat(store.findPreferences("u1", "default")).isEmpty();

            inTx.mergeUsers(List.of(user("u1", "Bob")), T0);
            c.commit();
            assertThat(nameOf(store, "u1")).contains("Bob");
        }
    }

    @Test
    void aZeroTtlReadsTheDatabaseEveryTime() {
        String url = TestDatabases.reusedPostgresSchemaUrl();
        try (JdbcStore uncached = store(url, Duration.ZERO); JdbcStore other = store(url, LONG)) {
            other.mergeUsers(List.of(user("u1", "Ada")), T0);
            assertThat(nameOf(uncached, "u1")).contains("Ada");
            other.mergeUsers(List.of(user("u1", "Bea")), T0);
            assertThat(nameOf(uncached, "u1")).contains("Bea");
        }
    }

    @Test
    void builderRejectsANegativeTtlOrSize() {
        assertThatThrownBy(() -> JdbcStore.builder().cacheTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was PT-1S");
        assertThatThrownBy(() -> JdbcStore.builder().cacheMaximumSize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -1");
        assertThatThrownBy(() -> JdbcStore.builder().cacheTtl(null)).isInstanceOf(NullPointerException.class);
    }

    /** Polls until {@code condition} holds; returns how long after {@code since} it did. */
    private static Duration within(Duration timeout, Supplier<Boolean> condition, long since) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not seen within " + timeout);
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }
}
