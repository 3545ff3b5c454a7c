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
    private String layoutKey;
    private boolean withoutLayout;

    ChannelStep(String ref, String channelKey) {
        super(ref);
        this.channelKey = Validate.id("step.channel", channelKey);
    }

    /**
     * Sets content field {@code field} to a Liquid template.
     *
     * @param field the content field, such as {@code subject} or {@code body}
     * @param liquid the Liquid template, rendered against the run's recipient, actor, data and tenant
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse, naming the step and field
     * @throws IllegalStateException if the workflow is already built
     */
    public ChannelStep template(String field, String liquid) {
        checkNotFrozen();
        Validate.id("step.template field", field);
        templates.put(field, parseTemplate("field '" + field + "'", liquid));
        return this;
    }

    /**
     * Sets the email {@code subject} template.
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep subject(String liquid) { return template("subject", liquid); }
    /**
     * Sets the email {@code html} template; values it outputs are HTML-escaped.
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep html(String liquid) { return template("html", liquid); }
    /**
     * Sets the {@code text} template (email plain text, SMS, chat).
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep text(String liquid) { return template("text", liquid); }
    /**
     * Sets the {@code body} template (in-app markdown, push, webhook).
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep body(String liquid) { return template("body", liquid); }
    /**
     * Sets the push {@code title} template.
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep title(String liquid) { return template("title", liquid); }
    /**
     * Sets the in-app {@code action_url} template, the link a feed item opens.
     *
     * @param liquid the Liquid template
     * @return this step
     */
    public ChannelStep actionUrl(String liquid) { return template("action_url", liquid); }

    /**
     * Runs the step only when {@code condition} holds for the run; otherwise it is skipped.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public ChannelStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /**
     * Sends only inside {@code window}, in the recipient's time zone; outside it the message waits.
     *
     * @param window the window; if unset, the step sends at any time
     * @return this step
     */
    public ChannelStep sendWindow(SendWindow window) {
        checkNotFrozen();
        this.sendWindow = Validate.notNull("step.sendWindow", window);
        return this;
    }

    /**
     * Wraps the email in layout {@code key} ({@link EmailLayout}) instead of the Notifier's default.
     * Only email steps take a layout.
     *
     * @param key the key of a layout registered with {@link Notifier.Builder#emailLayout(EmailLayout)}
     * @return this step
     * @throws InvalidInputException if {@code key} is not a valid key
     * @throws IllegalStateException if the workflow is already built
     * @see Notifier.Builder#build() which refuses an unknown layout, or a layout on a step of another channel type
     */
    public ChannelStep layout(String key) {
        checkNotFrozen();
        this.layoutKey = Validate.id("step.layout", key);
        this.withoutLayout = false;
        return this;
    }

    /**
     * Sends the email as its templates render, without the Notifier's default layout.
     *
     * @return this step
     * @throws IllegalStateException if the workflow is already built
     */
    public ChannelStep withoutLayout() {
        checkNotFrozen();
        this.layoutKey = null;
        this.withoutLayout = true;
        return this;
    }

    /**
     * The key of the email layout the step names, or null when it takes the Notifier's default (or
     * none, see {@link #isWithoutLayout()}).
     *
     * @return the layout's key, or null
     */
    public String layoutKey() { return layoutKey; }
    /** {@return whether the step opted out of layouts, the default one included ({@link #withoutLayout()})} */
    public boolean isWithoutLayout() { return withoutLayout; }

    /** {@return the key of the channel the step sends on} */
    public String channelKey() { return channelKey; }
    /** {@return the content templates by field name, unmodifiable} */
    public Map<String, Template> templates() { return Collections.unmodifiableMap(templates); }
    /**
     * The send window, or null when the step sends at any time.
     *
     * @return the window, or null
     */
    public SendWindow sendWindow() { return sendWindow; }

    /**
     * Whether content field {@code field} is HTML-escaped when rendered.
     *
     * @param field a content field name
     * @return true for {@code html}
     */
    public static boolean escapesHtml(String field) {
        return "html".equals(field);
    }
}
