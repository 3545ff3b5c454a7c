package io.github.knockj.core.internal.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.github.knockj.core.internal.steps.StepHandlers.handler;

import io.github.knockj.core.BatchStep;
import io.github.knockj.core.BranchStep;
import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.DelayStep;
import io.github.knockj.core.FetchPolicy;
import io.github.knockj.core.FetchStep;
import io.github.knockj.core.Step;
import io.github.knockj.core.ThrottleStep;
import io.github.knockj.core.TriggerWorkflowStep;
import io.github.knockj.core.UpdateDataStep;
import io.github.knockj.core.internal.steps.StepHandlers.Registered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StepHandlersTest {

    private static List<Registered<?>> oneHandlerPerStepType() {
        return new ArrayList<>(List.of(
                handler(ChannelStep.class, new ChannelStepHandler(null, null, Map.of())),
                handler(DelayStep.class, new DelayStepHandler()),
                handler(BatchStep.class, new BatchStepHandler(null)),
                handler(ThrottleStep.class, new ThrottleStepHandler(null)),
                handler(BranchStep.class, new BranchStepHandler()),
                handler(UpdateDataStep.class, new UpdateDataStepHandler()),
                handler(FetchStep.class, new FetchStepHandler(FetchPolicy.DEFAULT)),
                handler(TriggerWorkflowStep.class, new TriggerWorkflowStepHandler(10, Map.of()))));
    }

    @Test
    void everyStepTypeTheSealedStepPermitsHasExactlyOneHandler() {
        List<Registered<?>> handlers = oneHandlerPerStepType();
        List<Class<?>> handled = handlers.stream().<Class<?>>map(Registered::type).collect(Collectors.toList());
        assertThat(handled).containsExactlyInAnyOrder(Step.class.getPermittedSubclasses());
        assertThatCode(() -> new StepHandlers(handlers)).doesNotThrowAnyException();
        assertThat(new StepHandlers(handlers).batch()).isNotNull();
    }

    @Test
    void aStepTypeWithoutAHandlerFailsWhenTheRegistryIsBuiltNamingTheType() {
        List<Registered<?>> handlers = oneHandlerPerStepType();
        handlers.removeIf(r -> r.type() == DelayStep.class || r.type() == FetchStep.class);
        assertThatThrownBy(() -> new StepHandlers(handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no step handler for step type(s) [")
                .hasMessageContaining("DelayStep")
                .hasMessageContaining("FetchStep")
                .hasMessageNotContaining("ChannelStep");
    }

    @Test
    void twoHandlersForOneStepTypeFailWhenTheRegistryIsBuilt() {
        List<Registered<?>> handlers = oneHandlerPerStepType();
        handlers.add(handler(DelayStep.class, (run, step) -> true));
        assertThatThrownBy(() -> new StepHandlers(handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two step handlers for DelayStep: DelayStepHandler and ");
    }
}
