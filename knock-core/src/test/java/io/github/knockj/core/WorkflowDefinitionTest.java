package io.github.knockj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {

    @Test
    void emptyWorkflowsDuplicateRefsAndIncompleteStepsAreRejectedByName() {
        assertThatThrownBy(() -> Workflow.builder("w").build()).isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("'w' has no steps");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.channel("a", "email")).step(Steps.delay("a", Duration.ofMinutes(1))).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("two steps with ref 'a'");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.branch("b").when("x", c -> true, Steps.channel("a", "email"))
                        .otherwise(Steps.channel("a", "sms"))).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.delay("d")).build()).hasMessageContaining("needs a duration");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.batch("b")).build()).hasMessageContaining("needs a window");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.throttle("t")).build()).hasMessageContaining("needs a window");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.branch("b").when("x", c -> true)).build()).hasMessageContaining("default branch");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.fetch("f")).build()).hasMessageContaining("needs a URL");
        assertThatThrownBy(() -> Workflow.builder("bad/key")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void templateSyntaxErrorsFailWhenTheStepIsDefined() {
        assertThatThrownBy(() -> Steps.channel("mail", "email").subject("Hello {{ user.name "))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("step 'mail' field 'subject'");
        assertThatThrownBy(() -> Steps.channel("mail", "email").html("{% if x %}no end"))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("'html'");
        assertThatThrownBy(() -> Steps.batch("b").key("{{ unclosed")).isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("batch step 'b'");
    }

    @Test
    void buildersRejectOutOfRangeSettingsNamingTheValue() {
        assertThatThrownBy(() -> Steps.delay("d", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Steps.delay("d", Duration.ofDays(400))).hasMessageContaining("PT9600H");
        assertThatThrownBy(() -> Steps.batch("b").maxActivities(1)).hasMessageContaining("was 1");
        assertThatThrownBy(() -> Steps.batch("b").window(Duration.ofMinutes(-1))).hasMessageContaining("positive");
        assertThatThrownBy(() -> Workflow.builder("w").step(Steps.batch("b").window(Duration.ofMinutes(10)).sliding(Duration.ofMinutes(5))).build())
                .hasMessageContaining("shorter than window");
        assertThatThrownBy(() -> Steps.throttle("t").limit(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Steps.throttle("t").window(Duration.ofDays(40))).hasMessageContaining("at most");
        assertThatThrownBy(() -> Steps.fetch("f").request("TRACE", "http://x")).hasMessageContaining("TRACE");
        assertThatThrownBy(() -> Notifier.builder().workerThreads(0)).hasMessageContaining("workerThreads must be positive, was 0");
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 0)).hasMessageContaining("maxAttempts");
    }

    @Test
    void notifierRejectsStepsOnUnknownChannelsAndUnknownTriggeredWorkflows() {
        Workflow w = Workflow.builder("w").step(Steps.channel("mail", "emial").subject("x")).build();
        assertThatThrownBy(() -> Notifier.builder().channel("email", RecordingProvider.of(ChannelType.EMAIL)).workflow(w).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("step 'mail' uses channel 'emial'").hasMessageContaining("[email]");
        Workflow t = Workflow.builder("t").step(Steps.triggerWorkflow("next", "missing")).build();
        assertThatThrownBy(() -> Notifier.builder().workflow(t).build()).hasMessageContaining("triggers unknown workflow 'missing'");
        Workflow a = Workflow.builder("dup").step(Steps.delay("d", Duration.ofMinutes(1))).build();
        assertThatThrownBy(() -> Notifier.builder().workflow(a).workflow(a).build()).hasMessageContaining("two workflows have the key 'dup'");
        assertThatThrownBy(() -> Notifier.builder().channel("email", RecordingProvider.of(ChannelType.EMAIL)).channel("email", RecordingProvider.of(ChannelType.EMAIL)))
                .hasMessageContaining("registered twice");
        assertThatThrownBy(() -> Notifier.builder().channel("mix", RetryPolicy.DEFAULT, RecordingProvider.of(ChannelType.EMAIL), RecordingProvider.of(ChannelType.SMS)))
                .hasMessageContaining("is EMAIL but provider");
    }

    @Test
    void builtWorkflowsAreFrozenAndLinkStepsThroughBranches() {
        var mail = Steps.channel("mail", "email").subject("x");
        Workflow w = Workflow.builder("w")
                .step(Steps.branch("route").when("a", c -> true, Steps.channel("a1", "sms").text("x"), Steps.channel("a2", "sms").text("y"))
                        .exitWhen("stop", c -> true).otherwise())
                .step(mail)
                .build();
        assertThatThrownBy(() -> mail.subject("changed")).isInstanceOf(IllegalStateException.class).hasMessageContaining("built workflow");
        assertThat(w.firstRef()).isEqualTo("route");
        assertThat(w.branchEntry("route", "a")).isEqualTo("a1");
        assertThat(w.refAfter("a1")).isEqualTo("a2");
        assertThat(w.refAfter("a2")).isEqualTo("mail");
        assertThat(w.branchEntry("route", "stop")).isNull();
        assertThat(w.branchEntry("route", "default")).isEqualTo("mail");
        assertThat(w.refAfter("mail")).isNull();
    }

    @Test
    void workflowsAreListedInRegistrationOrder() {
        Notifier.Builder b = Notifier.builder().testKit(TestKit.create()).channel("email", RecordingProvider.of(ChannelType.EMAIL));
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 20; i > 0; i--) {
            keys.add("w" + i);
            b.workflow(Workflow.builder("w" + i).step(Steps.channel("mail", "email").subject("hi")).build());
        }
        try (Notifier n = b.build()) {
            assertThat(n.workflows().keySet()).containsExactlyElementsOf(keys);
        }
    }
}
