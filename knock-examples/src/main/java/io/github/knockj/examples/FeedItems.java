package io.github.knockj.examples;

import io.github.knockj.core.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of a feed item and of badge counts, as the inbox page reads them. */
final class FeedItems {
    private FeedItems() {}

    static Map<String, Object> item(Message m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", m.id());
        item.put("workflow", m.workflowKey());
        item.put("categories", m.categories());
        item.put("body", m.content().getOrDefault("body", ""));
        item.put("actionUrl", m.content().get("action_url"));
        item.put("actor", m.actorId() == null ? null : Map.of("id", m.actorId(), "name", DemoData.nameOf(m.actorId())));
        item.put("createdAt", m.createdAt().toString());
        item.put("seen", m.isSeen());
        item.put("read", m.isRead());
        item.put("archived", m.isArchived());
        return item;
    }
}
