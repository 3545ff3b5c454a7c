package io.github.knockj.examples;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Message;
import io.github.knockj.core.spi.NotifierListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per in-app message, so the terminal tells the story next to the emails the console provider prints. */
final class ActivityLog implements NotifierListener {
    private static final Logger log = LoggerFactory.getLogger(ActivityLog.class);

    @Override
    public void onMessageCreated(Message m) {
        if (m.channelType() == ChannelType.IN_APP_FEED) {
            log.info("in-app -> {}: {}", m.recipient(), m.content().getOrDefault("body", "").replace("**", ""));
        }
    }

}
