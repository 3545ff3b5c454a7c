package io.github.knockj.core;

import io.github.knockj.core.internal.Validate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Produces one message for the recipient on one channel. In order: the step condition; the
 * recipient's channel data (none: skipped); preferences (blocked: skipped); the send window (closed:
 * the message waits); the templates are rendered; the message is stored and its delivery is queued,
 * and the run moves on at once.
 *
 * <p>Content fields are named templates. Conventions the reference providers read: email
 * {@code subject}, {@code html}, {@code text}; SMS {@code text}; push {@code title}, {@code body},
 * {@code data}; chat {@code text}, {@code blocks}; webhook {@code body}; in-app feed {@code body}
 * (markdown) and {@code action_url}. The {@code html} field is HTML-escaped by default.
 */
public final class ChannelStep extends Step {
    private final String channelKey;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private SendWindow sendWindow;

    ChannelStep(String ref, String channelKey) {
        super(ref);
        this.channelKey = Validate.id("step.channel", channelKey);
    }

    /** Sets content field {@code field} to a Liquid template. */
    public ChannelStep template(String field, String liquid) {
        checkNotFrozen();
        Validate.id("step.template field", field);
        templates.put(field, parseTemplate("field '" + field + "'", liquid));
        return this;
    }

    public ChannelStep subject(String liquid) { return template("subject", liquid); }
    public ChannelStep html(String liquid) { return template("html", liquid); }
    public ChannelStep text(String liquid) { return template("text", liquid); }
    public ChannelStep body(String liquid) { return template("body", liquid); }
    public ChannelStep title(String liquid) { return template("title", liquid); }
    public ChannelStep actionUrl(String liquid) { return template("action_url", liquid); }

    /** Runs the step only when {@code condition} holds for the run; otherwise it is skipped. */
    public ChannelStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** Sends only inside {@code window}, in the recipient's time zone; outside it the message waits. */
    public ChannelStep sendWindow(SendWindow window) {
        checkNotFrozen();
        this.sendWindow = Validate.notNull("step.sendWindow", window);
        return this;
    }

    public String channelKey() { return channelKey; }
    public Map<String, Template> templates() { return Collections.unmodifiableMap(templates); }
    /** The send window, or null when the step sends at any time. */
    public SendWindow sendWindow() { return sendWindow; }

    /** Whether content field {@code field} is HTML-escaped when rendered. */
    public static boolean escapesHtml(String field) {
        return "html".equals(field);
    }
}
