package io.github.knockj.core;

import java.util.List;
import java.util.Map;

/**
 * A channel step's templates rendered with sample data, as {@link Notifier#preview} returns them:
 * the content a message of that step would carry, nothing sent and nothing stored.
 *
 * @param workflowKey the workflow
 * @param stepRef the channel step
 * @param channelKey the step's channel
 * @param channelType that channel's type
 * @param content the rendered fields ({@code subject}, {@code html}, {@code body}…), escaped as a send escapes them
 * @param undefinedVariables variables a lenient render printed as nothing, as {@code "field 'x': name"}; empty if none
 */
public record TemplatePreview(String workflowKey, String stepRef, String channelKey, ChannelType channelType,
                              Map<String, String> content, List<String> undefinedVariables) {
    /**
     * Copies {@code content} and {@code undefinedVariables} into unmodifiable collections (keeping the field order).
     *
     * @param workflowKey the workflow
     * @param stepRef the channel step
     * @param channelKey the step's channel
     * @param channelType that channel's type
     * @param content the rendered fields
     * @param undefinedVariables variables printed as nothing
     */
    public TemplatePreview {
        content = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(content));
        undefinedVariables = List.copyOf(undefinedVariables);
    }
}
