package io.github.knockj.core.internal.steps;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.RunLogEntry.Outcome;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.SendWindow;
import io.github.knockj.core.internal.ChannelRegistration;
import io.github.knockj.core.internal.EngineConfig;
import io.github.knockj.core.internal.Ids;
import io.github.knockj.core.internal.MessageRendering;
import io.github.knockj.core.internal.RunState;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.OutboundMessage;
import io.github.knockj.core.spi.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Sends a message on a channel: skips a recipient it cannot reach or whose preferences block it,
 * stops the run when the recipient's budget is spent, renders the templates, then stores an in-app
 * message as delivered or queues a DELIVER job (at the send window's next opening).
 */
final class ChannelStepHandler implements StepHandler<ChannelStep> {
    private final Store store;
    private final EngineConfig config;
    private final Map<String, ChannelRegistration> channels;
    private final MessageRendering.Memo renderings = new MessageRendering.Memo();

    ChannelStepHandler(Store store, EngineConfig config, Map<String, ChannelRegistration> channels) {
        this.store = store;
        this.config = config;
        this.channels = channels;
    }

    @Override
    public boolean execute(RunState s, ChannelStep step) {
        String next = s.workflow().refAfter(step.ref());
        ChannelRegistration reg = channels.get(step.channelKey());
        OutboundMessage.RecipientInfo info = new OutboundMessage.RecipientInfo(s.recipient().id(), s.recipient().isUser(),
                s.recipientMap(), s.channelData(step.channelKey()));
        if (!reg.primary().canReach(info, step.channelKey())) {
            s.log(step.ref(), Outcome.MISSING_CHANNEL_DATA, "recipient has no " + reg.type().name().toLowerCase() + " channel data for '" + step.channelKey() + "'");
            s.moveTo(next);
            return true;
        }
        if (!s.workflow().isRequired()) {
            if (!s.preferences(config.defaultPreferences()).allows(s.workflow().key(), s.workflow().categories(), reg.type(), step.channelKey(), s.vars())) {
                s.log(step.ref(), Outcome.BLOCKED_BY_PREFERENCE, "recipient's preferences do not allow " + reg.type() + " on '" + step.channelKey() + "'");
                s.moveTo(next);
                return true;
            }
            if (!withinBudget(s, step)) return false;
        }
        String id = Ids.next();
        MessageRendering.Rendered rendered = renderings.render(step, reg, s.vars(), config, id, s.now());
        Map<String, String> content = rendered.content();
        String renderError = rendered.error();
        List<String> undefined = rendered.undefined();
        Instant now = s.now();
        DeliveryStatus status = renderError != null ? DeliveryStatus.NOT_SENT : reg.isInAppFeed() ? DeliveryStatus.DELIVERED : DeliveryStatus.QUEUED;
        Message m = new Message(id, s.original().id(), s.workflow().key(), step.ref(), step.channelKey(), reg.type(), s.recipient(),
                s.original().tenant(), s.original().actorId(), List.copyOf(s.workflow().categories()), content, s.messageData(),
                status, 0, null, null, null, null, null, now, now);
        s.addMessage(m);
        if (!undefined.isEmpty()) {
            s.log(step.ref(), Outcome.UNDEFINED_VARIABLES, "printed as nothing: " + String.join("; ", undefined));
        }
        if (renderError != null) {
            // the step errored: the message stays as not sent, with the reason, and the run fails here
            s.addEvent(MessageEvent.of(id, now, DeliveryStatus.NOT_SENT, renderError));
            s.log(step.ref(), Outcome.RENDER_FAILED, renderError);
            s.end(RunStatus.FAILED);
            s.log(null, Outcome.RUN_FAILED, "step '" + step.ref() + "' could not render its message: " + renderError);
            return false;
        } else if (reg.isInAppFeed()) {
            s.addEvent(MessageEvent.of(id, now, DeliveryStatus.DELIVERED, "stored in feed"));
            s.log(step.ref(), Outcome.MESSAGE_QUEUED, "in-app message " + id + " delivered to feed '" + step.channelKey() + "'");
        } else {
            Instant due = now;
            SendWindow window = step.sendWindow();
            if (window != null) {
                ZoneId zone = s.timeZone();
                due = window.nextOpening(now, zone);
                if (due.isAfter(now)) {
                    s.log(step.ref(), Outcome.SEND_WINDOW_WAIT, "outside the send window in " + zone + "; sending at " + due);
                }
            }
            s.addEvent(MessageEvent.of(id, now, DeliveryStatus.QUEUED, null));
            s.addJob(JobKind.DELIVER, id, due);
            s.log(step.ref(), Outcome.MESSAGE_QUEUED, "message " + id + " queued on '" + step.channelKey() + "'");
        }
        s.moveTo(next);
        return true;
    }

    /**
     * Takes one notification from a user recipient's budget, once per run; false (the run stopped)
     * when the budget is spent.
     */
    private boolean withinBudget(RunState s, ChannelStep step) {
        EngineConfig.RecipientBudget b = config.recipientBudget();
        if (b == null || !s.recipient().isUser() || s.stateValue("budget") != null) return true;
        if (!store.acquireThrottle("budget|" + s.recipient().key(), s.original().id(), s.now(), b.window(), b.limit())) {
            s.end(RunStatus.STOPPED);
            s.log(step.ref(), Outcome.BUDGET_EXHAUSTED, "recipient already had " + b.limit() + " notifications within " + b.window());
            return false;
        }
        s.putState("budget", Boolean.TRUE);
        return true;
    }
}
