package io.github.knockj.core.internal;

import io.github.knockj.core.ChannelStep;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Template;
import io.github.knockj.core.TemplateRenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a channel step's templates the one way both a send and a preview do: each field escaped
 * for the channel's primary provider, strict or lenient as configured, stopping at the first field
 * that fails. A send also instruments an email's html for tracking (it has a message id to track).
 */
public final class MessageRendering {
    private MessageRendering() {}

    /**
     * The rendered fields, or the first failure.
     *
     * @param content the fields rendered (all of them when {@code error} is null)
     * @param error "field 'x': reason" of the field that failed, or null
     * @param undefined the undefined variables a lenient render printed as nothing, "field 'x': name"
     */
    public record Rendered(Map<String, String> content, String error, List<String> undefined) {}

    /**
     * Renders {@code step}'s templates with {@code vars}.
     *
     * @param messageId the id of the message being sent (for tracking), or null for a preview (no tracking)
     */
    public static Rendered render(ChannelStep step, ChannelRegistration reg, Map<String, Object> vars, EngineConfig config, String messageId) {
        Map<String, String> content = new LinkedHashMap<>();
        List<String> undefined = new ArrayList<>();
        for (Map.Entry<String, Template> t : step.templates().entrySet()) {
            String field = t.getKey();
            try {
                String rendered = t.getValue().render(vars, reg.primary().escaping(field), config.strictTemplates(),
                        name -> undefined.add("field '" + field + "': " + name));
                if (messageId != null && config.tracking() != null && reg.type() == ChannelType.EMAIL && field.equals("html")) {
                    rendered = config.tracking().instrument(messageId, rendered);
                }
                content.put(field, rendered);
            } catch (TemplateRenderException e) {
                return new Rendered(content, "field '" + field + "': " + e.getMessage(), undefined);
            }
        }
        return new Rendered(content, null, undefined);
    }
}
