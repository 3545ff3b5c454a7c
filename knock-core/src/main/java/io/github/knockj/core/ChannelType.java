package io.github.knockj.core;

/** The kinds of channel a message can go out on; preferences can switch each off per user. */
public enum ChannelType {
    /** Email; the recipient's {@code email} is the address. */
    EMAIL,
    /** SMS; the recipient's {@code phone_number} is the number. */
    SMS,
    /** Mobile push; the recipient's channel data holds the device tokens. */
    PUSH,
    /** Chat, such as Slack; the channel data holds the webhook URL or channel. */
    CHAT,
    /** The in-app feed, stored by the engine and read with {@code notifier.feed(...)}. */
    IN_APP_FEED,
    /** An HTTP webhook the application receives. */
    HTTP
}
