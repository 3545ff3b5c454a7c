package io.github.knockj.channels;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link OutboundMessage}s for tests, as the engine would hand them to a provider. */
final class TestMessages {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    private final ChannelType type;
    private String id = "msg_01";
    private String recipientId = "user-1";
    private final Map<String, String> content = new LinkedHashMap<>();
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> channelData = new LinkedHashMap<>();
    private int attempt = 1;

    private TestMessages(ChannelType type) {
        this.type = type;
    }

    static TestMessages of(ChannelType type) {
        return new TestMessages(type);
    }

    TestMessages id(String id) {
        this.id = id;
        return this;
    }

    TestMessages recipient(String recipientId) {
        this.recipientId = recipientId;
        return this;
    }

    /** Sets a rendered content field; null leaves it out (as the engine does for unrendered fields). */
    TestMessages content(String field, String value) {
        if (value == null) content.remove(field);
        else content.put(field, value);
        return this;
    }

    TestMessages data(String key, Object value) {
        data.put(key, value);
        return this;
    }

    TestMessages field(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    TestMessages channelData(String key, Object value) {
        channelData.put(key, value);
        return this;
    }

    TestMessages attempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    OutboundMessage build() {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.putIfAbsent("id", recipientId);
        String channelKey = type.name().toLowerCase(java.util.Locale.ROOT) + "-main";
        Message m = new Message(id, "run_01", "welcome", "step-1", channelKey, type, Recipient.user(recipientId),
                "acme", "actor-9", List.of("onboarding"), content, data, DeliveryStatus.QUEUED, attempt - 1,
                null, null, null, null, null, CREATED, CREATED);
        return new OutboundMessage(m, new OutboundMessage.RecipientInfo(recipientId, true, f, channelData), attempt, id);
    }
}
