package io.github.knockj.core.internal;

import io.github.knockj.core.KnockObject;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.User;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Whom a run is for and by, as loaded for one execution: the recipient (a user or an object, or
 * neither when it is not stored), the actor, the tenant, and the recipient's preference sets; and the
 * rules that combine them: how templates see the recipient, the layering of preferences, the time
 * zone a run's windows use. Each field may be null.
 *
 * @param user the recipient if it is a stored user
 * @param object the recipient if it is a stored object
 * @param actor the actor if it is a stored user
 * @param tenant the run's tenant if stored
 * @param userDefaultPreferences the user's {@code default} preference set
 * @param userTenantPreferences the user's preference set for the tenant
 */
record RunParties(User user, KnockObject object, User actor, Tenant tenant,
                  PreferenceSet userDefaultPreferences, PreferenceSet userTenantPreferences) {

    /** The recipient as templates see it; {@code recipient}'s id (and collection) when it is not stored. */
    Map<String, Object> recipientMap(Recipient recipient) {
        if (user != null) return user.toTemplateMap();
        if (object != null) return object.toTemplateMap();
        return recipient.isUser() ? Map.of("id", recipient.id()) : Map.of("id", recipient.id(), "collection", recipient.collection());
    }

    /** The recipient's channel data for {@code channelKey}; empty if none. */
    Map<String, Object> channelData(String channelKey) {
        if (user != null) return user.channelData(channelKey);
        if (object != null) return object.channelData().getOrDefault(channelKey, Map.of());
        return Map.of();
    }

    /** The recipient's preferences over the tenant's defaults over {@code environmentDefault}. */
    PreferenceSet preferences(PreferenceSet environmentDefault) {
        PreferenceSet merged = environmentDefault;
        PreferenceSet tenantDefault = tenant == null ? null : tenant.defaultPreferences();
        if (tenantDefault != null) merged = tenantDefault.over(merged);
        if (userDefaultPreferences != null) merged = userDefaultPreferences.over(merged);
        if (userTenantPreferences != null) merged = userTenantPreferences.over(merged);
        return merged;
    }

    /** The user's time zone, else the tenant's, else UTC (also when the zone is not valid). */
    ZoneId timeZone() {
        String tz = user != null ? user.timezone().orElse(null) : null;
        if (tz == null && tenant != null) tz = tenant.timezone();
        try {
            return tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
