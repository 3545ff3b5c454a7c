package io.github.knockj.core.internal;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.InvalidInputException;
import io.github.knockj.core.KnockObject;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.Step;
import io.github.knockj.core.TemplatePreview;
import io.github.knockj.core.TemplateRenderException;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.WorkflowRun;
import java.time.Instant;
import java.util.Map;

/**
 * Renders a channel step for a recipient and sample data through the same variables
 * ({@link RunState#vars()}) and the same rendering ({@link MessageRendering}) a run uses, reading the
 * recipient from the store and writing nothing.
 */
public final class Previewer {
    private Previewer() {}

    /** See {@link io.github.knockj.core.Notifier#preview}. */
    public static TemplatePreview preview(Engine engine, String workflowKey, String stepRef, Recipient recipient, Map<String, ?> data) {
        Workflow wf = engine.workflow(workflowKey);
        Validate.notNull("preview.step", stepRef);
        Validate.notNull("preview.recipient", recipient);
        Step step = wf.step(stepRef).orElseThrow(() ->
                new InvalidInputException("preview.step", "workflow '" + wf.key() + "' has no step '" + stepRef + "'"));
        if (!(step instanceof ChannelStep channelStep)) {
            throw new InvalidInputException("preview.step", "step '" + stepRef + "' is a " + step.getClass().getSimpleName()
                    + ", not a channel step: only channel steps have templates");
        }
        Map<String, Object> copy = Json.copyMap("preview.data", data == null ? Map.of() : data);
        ChannelRegistration reg = engine.channels().get(channelStep.channelKey());
        User user = recipient.isUser() ? engine.store().findUser(recipient.id()).orElse(null) : null;
        KnockObject object = recipient.isUser() ? null : engine.store().findObject(recipient.objectRef()).orElse(null);
        Instant now = engine.clock().instant();
        WorkflowRun run = new WorkflowRun("preview", "preview", wf.key(), recipient, null, null, copy, null, RunStatus.ACTIVE,
                stepRef, Map.of(), 0, false, now, now, 0);
        RunState s = new RunState(run, true, wf, user, object, null, null, null, null, now, engine.store(),
                engine.config().templateVariables());
        MessageRendering.Rendered r = MessageRendering.render(channelStep, reg, s.vars(), engine.config(), null, s.now());
        if (r.error() != null) throw new TemplateRenderException(r.error(), null);
        return new TemplatePreview(wf.key(), stepRef, channelStep.channelKey(), reg.type(), r.content(), r.undefined());
    }
}
