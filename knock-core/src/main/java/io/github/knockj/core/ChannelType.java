package io.github.knockj.core;

/** The kinds of channel a message can go out on; preferences can switch each off per user. */
public enum ChannelType {
    EMAIL,
    SMS,
    PUSH,
    CHAT,
    IN_APP_FEED,
    HTTP
}
