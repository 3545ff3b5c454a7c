package io.github.knockj.jdbc.internal;

import static io.github.knockj.jdbc.internal.Codec.instant;
import static io.github.knockj.jdbc.internal.Codec.json;
import static io.github.knockj.jdbc.internal.Codec.map;
import static io.github.knockj.jdbc.internal.Codec.mapOfMaps;
import static io.github.knockj.jdbc.internal.Codec.millis;
import static io.github.knockj.jdbc.internal.Sql.p;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Subscription;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import io.github.knockj.jdbc.internal.Schema.Objects;
import io.github.knockj.jdbc.internal.Schema.Preferences;
import io.github.knockj.jdbc.internal.Schema.Subscriptions;
import io.github.knockj.jdbc.internal.Schema.Tenants;
import io.github.knockj.jdbc.internal.Schema.Users;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/** Users, objects, subscriptions, tenants and preference sets. */
public final class RecipientRepository {
    private static final List<Field<?>> USER_FIELDS = Sql.fields(Users.ID, Users.NAME, Users.EMAIL, Users.PHONE, Users.LOCALE,
            Users.TIMEZONE, Users.AVATAR, Users.PROPERTIES, Users.CHANNEL_DATA, Users.CREATED_AT, Users.UPDATED_AT);
    private static final List<Field<?>> SUBSCRIPTION_FIELDS = Sql.fields(Subscriptions.COLLECTION, Subscriptions.OBJECT_ID,
            Subscriptions.USER_ID, Subscriptions.PROPERTIES, Subscriptions.CREATED_AT);

    private final Tx tx;

    public RecipientRepository(Tx tx) {
        this.tx = tx;
    }

    // ---------------------------------------------------------------- users

    public List<User> mergeUsers(List<User> updates, Instant now) {
        if (updates.isEmpty()) return List.of();
        return tx.run("mergeUsers", ctx -> {
            Set<String> ids = new HashSet<>();
            updates.forEach(u -> ids.add(u.id()));
            Map<String, User> current = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(ids), Sql.MAX_IN)) {
                ctx.select(USER_FIELDS).from(Users.T).where(Users.ID.in(chunk)).orderBy(Users.ID).forUpdate()
                        .fetch().forEach(r -> current.put(r.get(Users.ID), user(r)));
            }
            Set<String> existed = new HashSet<>(current.keySet());
            List<User> out = new ArrayList<>(updates.size());
            Map<String, User> written = new LinkedHashMap<>();
            for (User u : updates) {
                User old = current.get(u.id());
                User stored = old == null ? u.toBuilder().createdAt(now).updatedAt(now).build() : old.mergedWith(u, now);
                current.put(stored.id(), stored);
                written.put(stored.id(), stored);
                out.add(stored);
            }
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> changes = new ArrayList<>();
            for (User u : written.values()) {
                if (existed.contains(u.id())) {
                    changes.add(new Object[] {u.name().orElse(null), u.email().orElse(null), u.phoneNumber().orElse(null),
                            u.locale().orElse(null), u.timezone().orElse(null), u.avatar().orElse(null), json(u.properties()),
                            json(u.channelData()), millis(u.updatedAt()), u.id()});
                } else {
                    inserts.add(userRow(u));
                }
            }
            Sql.insert(ctx, Users.T, USER_FIELDS, inserts);
            if (!changes.isEmpty()) {
                Sql.batch(ctx, ctx.update(Users.T).set(Users.NAME, p(Users.NAME)).set(Users.EMAIL, p(Users.EMAIL))
                        .set(Users.PHONE, p(Users.PHONE)).set(Users.LOCALE, p(Users.LOCALE)).set(Users.TIMEZONE, p(Users.TIMEZONE))
                        .set(Users.AVATAR, p(Users.AVATAR)).set(Users.PROPERTIES, p(Users.PROPERTIES))
                        .set(Users.CHANNEL_DATA, p(Users.CHANNEL_DATA)).set(Users.UPDATED_AT, p(Users.UPDATED_AT))
                        .where(Users.ID.eq(p(Users.ID))), changes);
            }
            return out;
        });
    }

    private static Object[] userRow(User u) {
        return new Object[] {u.id(), u.name().orElse(null), u.email().orElse(null), u.phoneNumber().orElse(null),
                u.locale().orElse(null), u.timezone().orElse(null), u.avatar().orElse(null), json(u.properties()),
                json(u.channelData()), millis(u.createdAt()), millis(u.updatedAt())};
    }

    private static User user(Record r) {
        User.Builder b = User.builder(r.get(Users.ID)).name(r.get(Users.NAME)).email(r.get(Users.EMAIL))
                .phoneNumber(r.get(Users.PHONE)).locale(r.get(Users.LOCALE)).timezone(r.get(Users.TIMEZONE))
                .avatar(r.get(Users.AVATAR)).properties(map(r.get(Users.PROPERTIES)))
                .createdAt(instant(r.get(Users.CREATED_AT))).updatedAt(instant(r.get(Users.UPDATED_AT)));
        mapOfMaps(r.get(Users.CHANNEL_DATA)).forEach(b::channelData);
        return b.build();
    }

    public Optional<User> findUser(String id) {
        return tx.run("findUser", ctx -> ctx.select(USER_FIELDS).from(Users.T).where(Users.ID.eq(id)).fetchOptional()
                .map(RecipientRepository::user));
    }

    public Map<String, User> findUsers(Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        return tx.run("findUsers", ctx -> {
            Map<String, User> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(ids)), Sql.MAX_IN)) {
                ctx.select(USER_FIELDS).from(Users.T).where(Users.ID.in(chunk)).fetch()
                        .forEach(r -> out.put(r.get(Users.ID), user(r)));
            }
            return out;
        });
    }

    public boolean deleteUser(String id) {
        return tx.run("deleteUser", ctx -> {
            if (ctx.deleteFrom(Users.T).where(Users.ID.eq(id)).execute() == 0) return false;
            ctx.deleteFrom(Subscriptions.T).where(Subscriptions.USER_ID.eq(id)).execute();
            ctx.deleteFrom(Preferences.T).where(Preferences.USER_ID.eq(id)).execute();
            return true;
        });
    }

    // ---------------------------------------------------------------- objects and subscriptions

    public KnockObject mergeObject(KnockObject update, Instant now) {
        ObjectRef ref = update.ref();
        return tx.run("mergeObject", ctx -> {
            Optional<KnockObject> old = ctx.select(Objects.PROPERTIES, Objects.CHANNEL_DATA, Objects.CREATED_AT, Objects.UPDATED_AT)
                    .from(Objects.T).where(objectKey(ref)).forUpdate().fetchOptional().map(r -> object(ref, r));
            KnockObject stored = old.isEmpty()
                    ? new KnockObject(ref, update.properties(), update.channelData(), now, now)
                    : old.get().mergedWith(update, now);
            if (old.isEmpty()) {
                ctx.insertInto(Objects.T, Objects.COLLECTION, Objects.ID, Objects.PROPERTIES, Objects.CHANNEL_DATA,
                        Objects.CREATED_AT, Objects.UPDATED_AT)
                        .values(ref.collection(), ref.id(), json(stored.properties()), json(stored.channelData()),
                                millis(stored.createdAt()), millis(stored.updatedAt()))
                        .execute();
            } else {
                ctx.update(Objects.T).set(Objects.PROPERTIES, json(stored.properties()))
                        .set(Objects.CHANNEL_DATA, json(stored.channelData())).set(Objects.UPDATED_AT, millis(now))
                        .where(objectKey(ref)).execute();
            }
            return stored;
        });
    }

    private static org.jooq.Condition objectKey(ObjectRef ref) {
        return Objects.COLLECTION.eq(ref.collection()).and(Objects.ID.eq(ref.id()));
    }

    private static KnockObject object(ObjectRef ref, Record r) {
        return new KnockObject(ref, map(r.get(Objects.PROPERTIES)), mapOfMaps(r.get(Objects.CHANNEL_DATA)),
                instant(r.get(Objects.CREATED_AT)), instant(r.get(Objects.UPDATED_AT)));
    }

    public Optional<KnockObject> findObject(ObjectRef ref) {
        return tx.run("findObject", ctx -> ctx.select(Objects.PROPERTIES, Objects.CHANNEL_DATA, Objects.CREATED_AT, Objects.UPDATED_AT)
                .from(Objects.T).where(objectKey(ref)).fetchOptional().map(r -> object(ref, r)));
    }

    public boolean deleteObject(ObjectRef ref) {
        return tx.run("deleteObject", ctx -> {
            ctx.deleteFrom(Subscriptions.T).where(subscriptionsOf(ref)).execute();
            return ctx.deleteFrom(Objects.T).where(objectKey(ref)).execute() > 0;
        });
    }

    private static org.jooq.Condition subscriptionsOf(ObjectRef ref) {
        return Subscriptions.COLLECTION.eq(ref.collection()).and(Subscriptions.OBJECT_ID.eq(ref.id()));
    }

    public void subscribe(List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) return;
        Map<List<String>, Subscription> latest = new LinkedHashMap<>();
        for (Subscription s : subscriptions) latest.put(List.of(s.object().collection(), s.object().id(), s.userId()), s);
        tx.run("subscribe", ctx -> {
            List<Object[]> keys = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (Subscription s : latest.values()) {
                keys.add(new Object[] {s.object().collection(), s.object().id(), s.userId()});
                rows.add(new Object[] {s.object().collection(), s.object().id(), s.userId(), json(s.properties()), millis(s.createdAt())});
            }
            Sql.batch(ctx, ctx.deleteFrom(Subscriptions.T).where(Subscriptions.COLLECTION.eq(p(Subscriptions.COLLECTION))
                    .and(Subscriptions.OBJECT_ID.eq(p(Subscriptions.OBJECT_ID))).and(Subscriptions.USER_ID.eq(p(Subscriptions.USER_ID)))), keys);
            Sql.insert(ctx, Subscriptions.T, SUBSCRIPTION_FIELDS, rows);
            return null;
        });
    }

    public int unsubscribe(ObjectRef ref, Collection<String> userIds) {
        if (userIds.isEmpty()) return 0;
        return tx.run("unsubscribe", ctx -> {
            int n = 0;
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(userIds)), Sql.MAX_IN)) {
                n += ctx.deleteFrom(Subscriptions.T).where(subscriptionsOf(ref)).and(Subscriptions.USER_ID.in(chunk)).execute();
            }
            return n;
        });
    }

    public List<Subscription> subscribers(ObjectRef ref, String afterUserId, String throughUserId, int limit) {
        return tx.run("subscribers", ctx -> ctx.select(SUBSCRIPTION_FIELDS).from(Subscriptions.T)
                .where(subscriptionsOf(ref))
                .and(afterUserId == null ? org.jooq.impl.DSL.noCondition() : Subscriptions.USER_ID.gt(afterUserId))
                .and(throughUserId == null ? org.jooq.impl.DSL.noCondition() : Subscriptions.USER_ID.le(throughUserId))
                .orderBy(Subscriptions.USER_ID).limit(limit)
                .fetch(RecipientRepository::subscription));
    }

    public List<Subscription> subscriptionsOf(String userId) {
        return tx.run("subscriptionsOf", ctx -> ctx.select(SUBSCRIPTION_FIELDS).from(Subscriptions.T)
                .where(Subscriptions.USER_ID.eq(userId))
                .orderBy(Subscriptions.COLLECTION, Subscriptions.OBJECT_ID)
                .fetch(RecipientRepository::subscription));
    }

    private static Subscription subscription(Record r) {
        return new Subscription(ObjectRef.of(r.get(Subscriptions.COLLECTION), r.get(Subscriptions.OBJECT_ID)),
                r.get(Subscriptions.USER_ID), map(r.get(Subscriptions.PROPERTIES)), instant(r.get(Subscriptions.CREATED_AT)));
    }

    // ---------------------------------------------------------------- tenants

    public void putTenant(Tenant tenant) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(Tenants.ID, tenant.id());
        values.put(Tenants.NAME, tenant.name());
        values.put(Tenants.TIMEZONE, tenant.timezone());
        values.put(Tenants.PROPERTIES, json(tenant.properties()));
        values.put(Tenants.PREFERENCES, tenant.defaultPreferences() == null ? null : json(tenant.defaultPreferences().toMap()));
        tx.run("putTenant", ctx -> {
            Sql.put(ctx, Tenants.T, Tenants.ID.eq(tenant.id()), values);
            return null;
        });
    }

    public Optional<Tenant> findTenant(String id) {
        return tx.run("findTenant", ctx -> ctx.select(Tenants.ID, Tenants.NAME, Tenants.TIMEZONE, Tenants.PROPERTIES, Tenants.PREFERENCES)
                .from(Tenants.T).where(Tenants.ID.eq(id)).fetchOptional()
                .map(r -> new Tenant(r.get(Tenants.ID), r.get(Tenants.NAME), r.get(Tenants.TIMEZONE), map(r.get(Tenants.PROPERTIES)),
                        r.get(Tenants.PREFERENCES) == null ? null : PreferenceSet.fromMap(map(r.get(Tenants.PREFERENCES))))));
    }

    public boolean deleteTenant(String id) {
        return tx.run("deleteTenant", ctx -> ctx.deleteFrom(Tenants.T).where(Tenants.ID.eq(id)).execute() > 0);
    }

    // ---------------------------------------------------------------- preferences

    public PreferenceSet updatePreferences(String userId, String setId, UnaryOperator<PreferenceSet> change) {
        return tx.run("updatePreferences", ctx -> {
            org.jooq.Condition key = Preferences.USER_ID.eq(userId).and(Preferences.SET_ID.eq(setId));
            Optional<String> old = ctx.select(Preferences.PREFERENCES).from(Preferences.T).where(key).forUpdate()
                    .fetchOptional(Preferences.PREFERENCES);
            PreferenceSet next = change.apply(old.map(j -> PreferenceSet.fromMap(map(j))).orElse(PreferenceSet.EMPTY));
            String stored = json(next.toMap());
            if (old.isPresent()) {
                ctx.update(Preferences.T).set(Preferences.PREFERENCES, stored).where(key).execute();
            } else {
                ctx.insertInto(Preferences.T, Preferences.USER_ID, Preferences.SET_ID, Preferences.PREFERENCES)
                        .values(userId, setId, stored).execute();
            }
            return next;
        });
    }

    public Optional<PreferenceSet> findPreferences(String userId, String setId) {
        return tx.run("findPreferences", ctx -> ctx.select(Preferences.PREFERENCES).from(Preferences.T)
                .where(Preferences.USER_ID.eq(userId).and(Preferences.SET_ID.eq(setId)))
                .fetchOptional(Preferences.PREFERENCES).map(j -> PreferenceSet.fromMap(map(j))));
    }

    public Map<String, PreferenceSet> findPreferences(Collection<String> userIds, String setId) {
        if (userIds.isEmpty()) return Map.of();
        return tx.run("findPreferences", ctx -> {
            Map<String, PreferenceSet> out = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(new HashSet<>(userIds)), Sql.MAX_IN)) {
                ctx.select(Preferences.USER_ID, Preferences.PREFERENCES).from(Preferences.T)
                        .where(Preferences.SET_ID.eq(setId).and(Preferences.USER_ID.in(chunk))).fetch()
                        .forEach(r -> out.put(r.get(Preferences.USER_ID), PreferenceSet.fromMap(map(r.get(Preferences.PREFERENCES)))));
            }
            return out;
        });
    }
}
