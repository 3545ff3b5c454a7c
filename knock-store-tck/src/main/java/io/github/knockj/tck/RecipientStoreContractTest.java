package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.RecipientStore RecipientStore}, method by method, without
 * an engine: users (upserted with deep-merged properties, found singly and in bulk, deleted with their
 * subscriptions and preferences), objects (merged, deleted with their subscriptions) and subscriptions
 * (idempotent, paged in user id order, bounded pages, a user's subscriptions).
 *
 * <p>It also needs {@link io.github.knockj.core.spi.PreferenceStore PreferenceStore} to set up and
 * read back state. A store certifies this role by extending this class and implementing {@link
 * #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class RecipientStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected RecipientStoreContractTest() {}

    @Test
    void usersAreUpsertedWithDeepMergedProperties() {
        User ada = User.builder("ada").name("Ada").email("ada@example.com").timezone("Europe/Berlin")
                .properties(Map.of("plan", "pro", "prefs", Map.of("a", 1, "b", 2))).channelData("push", Map.of("tokens", List.of("t1"))).build();
        List<User> stored = store.mergeUsers(List.of(ada), T0);
        assertThat(stored.get(0).createdAt()).isEqualTo(T0);

        Map<String, Object> update = new LinkedHashMap<>();
        update.put("plan", null);
        update.put("prefs", Map.of("b", 3));
        store.mergeUsers(List.of(User.builder("ada").phoneNumber("+4915112345678").properties(update).build()), T0.plusSeconds(5));

        User back = store.findUser("ada").orElseThrow();
        assertThat(back.name()).hasValue("Ada");
        assertThat(back.email()).hasValue("ada@example.com");
        assertThat(back.phoneNumber()).hasValue("+4915112345678");
        assertThat(back.timezone()).hasValue("Europe/Berlin");
        assertThat(back.properties()).isEqualTo(Map.of("prefs", Map.of("a", 1, "b", 3)));
        assertThat(back.channelData("push")).isEqualTo(Map.of("tokens", List.of("t1")));
        assertThat(back.createdAt()).isEqualTo(T0);
        assertThat(back.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.findUsers(List.of("ada", "nobody")).keySet()).containsExactly("ada");
    }

    @Test
    void deletingAUserRemovesSubscriptionsAndPreferences() {
        store.mergeUsers(List.of(User.builder("ada").build(), User.builder("bob").build()), T0);
        ObjectRef p = ObjectRef.of("projects", "p1");
        store.subscribe(List.of(new Subscription(p, "ada", Map.of(), T0), new Subscription(p, "bob", Map.of(), T0)));
        store.updatePreferences("ada", "default", old -> PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build());
        assertThat(store.deleteUser("ada")).isTrue();
        assertThat(store.deleteUser("ada")).isFalse();
        assertThat(store.findUser("ada")).isEmpty();
        assertThat(store.subscribers(p, null, 10)).extracting(Subscription::userId).containsExactly("bob");
        assertThat(store.findPreferences("ada", "default")).isEmpty();
    }

    @Test
    void objectsMergeAndSubscribersPageInUserIdOrder() {
        ObjectRef p = ObjectRef.of("projects", "p1");
        store.mergeObject(KnockObject.of(p, Map.of("name", "Apollo", "meta", Map.of("x", 1))), T0);
        store.mergeObject(new KnockObject(p, Map.of("meta", Map.of("y", 2)), Map.of("chat", Map.of("url", "http://hook")), null, null), T0.plusSeconds(1));
        KnockObject o = store.findObject(p).orElseThrow();
        assertThat(o.properties()).isEqualTo(Map.of("name", "Apollo", "meta", Map.of("x", 1, "y", 2)));
        assertThat(o.channelData()).isEqualTo(Map.of("chat", Map.of("url", "http://hook")));

        List<Subscription> subs = new ArrayList<>();
        for (int i = 9; i >= 0; i--) subs.add(new Subscription(p, "u" + i, i == 3 ? Map.of("role", "owner") : Map.of(), T0));
        store.subscribe(subs);
        store.subscribe(List.of(new Subscription(p, "u5", Map.of(), T0))); // again: no duplicate
        assertThat(store.subscribers(p, null, 4)).extracting(Subscription::userId).containsExactly("u0", "u1", "u2", "u3");
        assertThat(store.subscribers(p, "u3", 4)).extracting(Subscription::userId).containsExactly("u4", "u5", "u6", "u7");
        assertThat(store.subscribers(p, "u7", 4)).extracting(Subscription::userId).containsExactly("u8", "u9");
        assertThat(store.subscribers(p, "u2", "u5", 10)).extracting(Subscription::userId).containsExactly("u3", "u4", "u5");
        assertThat(store.subscribers(p, null, "u1", 10)).extracting(Subscription::userId).containsExactly("u0", "u1");
        assertThat(store.subscribers(p, "u2", "u9", 2)).extracting(Subscription::userId).containsExactly("u3", "u4");
        assertThat(store.subscribers(p, "u5", "u5", 10)).isEmpty();
        assertThat(store.subscribers(p, null, 10).get(3).properties()).isEqualTo(Map.of("role", "owner"));
        assertThat(store.subscriptionsOf("u3")).extracting(Subscription::object).containsExactly(p);
        assertThat(store.unsubscribe(p, List.of("u1", "u2", "nobody"))).isEqualTo(2);
        assertThat(store.subscribers(p, null, 100)).hasSize(8);
        assertThat(store.deleteObject(p)).isTrue();
        assertThat(store.subscribers(p, null, 100)).isEmpty();
        assertThat(store.findObject(p)).isEmpty();
    }
}
