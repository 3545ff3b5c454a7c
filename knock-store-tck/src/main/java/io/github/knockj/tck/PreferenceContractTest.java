package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Condition;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.PreferenceSet;
import io.github.knockj.core.PreferenceSetting;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Tenant;
import io.github.knockj.core.TriggerResult;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Preferences applied to channel steps on the store under test: channel types, categories,
 * workflows, per-channel settings and their conditions, required workflows, the layering of
 * tenant and default preference sets, merging versus replacing, and invalid sets rejected.
 *
 * <p>A store certifies by extending this class and implementing {@link #newStore()}.
 *
 * <p>Roles certified (the suites are not split by role yet): chiefly
 * {@link io.github.knockj.core.spi.PreferenceStore PreferenceStore}; also
 * {@link io.github.knockj.core.spi.TenantStore TenantStore} (tenant preference sets).
 */
public abstract class PreferenceContractTest extends ContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected PreferenceContractTest() {}

    private static Workflow digest(boolean required) {
        Workflow.Builder b = Workflow.builder(required ? "security" : "comments").categories(required ? "security" : "collaboration");
        if (required) b.required();
        return b.step(Steps.channel("mail", "email").subject("s"))
                .step(Steps.channel("text", "sms").text("t"))
                .step(Steps.channel("feed", "in-app").body("b"))
                .build();
    }

    private Notifier setUpNotifier(PreferenceSet envDefault) {
        Notifier n = track(builder().defaultPreferences(envDefault).workflow(digest(false)).workflow(digest(true)).build());
        n.users().identify(User.builder("ada").email("ada@example.com").phoneNumber("+14155550100").build());
        return n;
    }

    private void send(Notifier n, String workflow, String tenant, Map<String, Object> data) {
        n.trigger(workflow).recipients("ada").tenant(tenant).data(data).send();
        kit.runDue();
    }

    @Test
    void channelTypeOffBlocksOnlyThatChannelAndIsLogged() {
        Notifier n = setUpNotifier(PreferenceSet.EMPTY);
        n.preferences().set("ada", PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build());
        TriggerResult r = n.trigger("comments").recipients("ada").send();
        kit.runDue();
        assertThat(email.sent()).isEmpty();
        assertThat(sms.sent()).hasSize(1);
        assertThat(outcomes(n, onlyRun(n, r.triggerId()).id()))
                .containsExactly(Outcome.BLOCKED_BY_PREFERENCE, Outcome.MESSAGE_QUEUED, Outcome.MESSAGE_QUEUED, Outcome.RUN_COMPLETED);
    }

    @Test
    void falseCategoryBeatsTrueChannelTypeAndRequiredWorkflowsIgnorePreferences() {
        Notifier n = setUpNotifier(PreferenceSet.EMPTY);
        n.preferences().set("ada", PreferenceSet.builder().category("collaboration", false).category("security", false)
                .channelType(ChannelType.EMAIL, true).build());
        send(n, "comments", null, Map.of());
        assertThat(email.sent()).isEmpty();
        assertThat(n.feed("ada", "in-app").list().items()).isEmpty();
        send(n, "security", null, Map.of());
        assertThat(email.sent()).hasSize(1);
        assertThat(sms.sent()).hasSize(1);
    }

    @Test
    void channelSettingBeatsChannelTypeAndWorkflowSettingNarrowsChannels() {
        Notifier n = setUpNotifier(PreferenceSet.EMPTY);
        n.preferences().set("ada", PreferenceSet.builder().channelType(ChannelType.EMAIL, false).channel("email", true)
                .workflow("comments", PreferenceSetting.ON.withChannelType(ChannelType.SMS, false)).build());
        send(n, "comments", null, Map.of());
        assertThat(email.sent()).hasSize(1);
        assertThat(sms.sent()).isEmpty();
    }

    @Test
    void conditionsInASettingGateDelivery() {
        Notifier n = setUpNotifier(PreferenceSet.EMPTY);
        n.preferences().set("ada", PreferenceSet.builder().workflow("comments",
                PreferenceSetting.ON.withCondition(Condition.of("data.priority", Condition.Operator.EQUAL_TO, "high"))).build());
        send(n, "comments", null, Map.of("priority", "low"));
        assertThat(email.sent()).isEmpty();
        send(n, "comments", null, Map.of("priority", "high"));
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void layersUserTenantSetOverUserDefaultOverTenantDefaultOverEnvironment() {
        Notifier n = setUpNotifier(PreferenceSet.builder().channelType(ChannelType.SMS, false).channelType(ChannelType.IN_APP_FEED, false).build());
        n.tenants().set(Tenant.of("acme").withDefaultPreferences(PreferenceSet.builder().channelType(ChannelType.IN_APP_FEED, true)
                .channelType(ChannelType.EMAIL, false).build()));
        // environment: no sms, no feed
        send(n, "comments", null, Map.of());
        assertThat(email.sent()).hasSize(1);
        assertThat(sms.sent()).isEmpty();
        assertThat(n.feed("ada", "in-app").list().items()).isEmpty();
        // tenant default re-enables the feed, disables email
        send(n, "comments", "acme", Map.of());
        assertThat(email.sent()).hasSize(1);
        assertThat(n.feed("ada", "in-app").list().items()).hasSize(1);
        // the user's default set beats the tenant default; the user's tenant set beats both
        n.preferences().set("ada", PreferenceSet.builder().channelType(ChannelType.EMAIL, true).build());
        n.preferences().set("ada", "acme", PreferenceSet.builder().channelType(ChannelType.SMS, true).build());
        send(n, "comments", "acme", Map.of());
        assertThat(email.sent()).hasSize(2);
        assertThat(sms.sent()).hasSize(1);
    }

    @Test
    void mergeLayersChangesOverTheStoredSetWhileSetReplaces() {
        Notifier n = setUpNotifier(PreferenceSet.EMPTY);
        n.preferences().set("ada", PreferenceSet.builder().channelType(ChannelType.EMAIL, false).build());
        n.preferences().merge("ada", PreferenceSet.builder().channelType(ChannelType.SMS, false).build());
        assertThat(n.preferences().get("ada").orElseThrow().channelTypes()).isEqualTo(Map.of(ChannelType.EMAIL, false, ChannelType.SMS, false));
        n.preferences().set("ada", PreferenceSet.builder().channelType(ChannelType.PUSH, false).build());
        assertThat(n.preferences().get("ada").orElseThrow().channelTypes()).isEqualTo(Map.of(ChannelType.PUSH, false));
    }

    @Test
    void invalidPreferenceSetsAreRejected() {
        assertThatThrownBy(() -> PreferenceSet.fromMap(Map.of("channel_types", Map.of("fax", false))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fax");
        assertThatThrownBy(() -> PreferenceSet.fromMap(Map.of("workflows", Map.of("w", "yes"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("preferences.workflows.w");
        assertThatThrownBy(() -> PreferenceSet.builder().category("a/b", true)).isInstanceOf(InvalidInputException.class);
        PreferenceSet full = PreferenceSet.builder().channelType(ChannelType.PUSH, false).channel("email", true)
                .workflow("w", PreferenceSetting.OFF).category("c", PreferenceSetting.ON.withChannel("sms", false)
                        .withCondition(Condition.of("data.x", Condition.Operator.EXISTS, null))).build();
        assertThat(PreferenceSet.fromMap(full.toMap())).isEqualTo(full);
        assertThat(List.of(full.toMap().keySet().toArray())).containsExactly("workflows", "categories", "channel_types", "channels");
    }
}
