package io.github.knockj.core.spi;

import io.github.knockj.core.Engagement;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What one engagement action does to a message, decided once in core so that every store applies
 * the same rule: the engagement timestamps it sets (each only where it is still unset, to
 * {@link #at()}), or the one it clears, the type of the history event it records, and the new
 * {@code updatedAt}.
 *
 * <p>The rule: setting {@link Engagement#READ} also sets {@link Engagement#SEEN}; setting
 * {@link Engagement#INTERACTED} or {@link Engagement#LINK_CLICKED} also sets SEEN and READ;
 * {@link Engagement#ARCHIVED} and SEEN set only themselves. A timestamp already set is kept.
 * Clearing ("un…") clears only its own timestamp: marking an archived message unread leaves it
 * archived, marking a read message unseen leaves it read. The event type is the engagement's name
 * in lower case ({@code read}, {@code link_clicked}), prefixed with {@code un} when clearing.
 *
 * <p>A store applies a change as one guarded write: only to the messages it {@link #changes
 * changes} (a set timestamp still unset, or the cleared one set), setting each of {@link #sets()}
 * to {@code coalesce(column, at)}, {@link #clears()} to null and {@code updatedAt} to {@link
 * #now()}, and writes {@link #eventFor} of exactly those messages in the same transaction.
 *
 * @param engagement the engagement acted on
 * @param at when it happened, or null to clear it
 * @param now the new {@code updatedAt} of changed messages, and the time of their events
 */
public record EngagementChange(Engagement engagement, Instant at, Instant now) {
    /**
     * Checks the components.
     *
     * @param engagement the engagement acted on
     * @param at when it happened, or null to clear it
     * @param now the new {@code updatedAt} of changed messages, and the time of their events
     * @throws NullPointerException if {@code engagement} is null
     */
    public EngagementChange {
        Objects.requireNonNull(engagement, "engagement");
    }

    /**
     * Setting {@code e} at {@code at}.
     *
     * @param e the engagement
     * @param at when it happened
     * @param now the new {@code updatedAt}
     * @return the change
     * @throws NullPointerException if an argument is null
     */
    public static EngagementChange set(Engagement e, Instant at, Instant now) {
        return new EngagementChange(e, Objects.requireNonNull(at, "at"), now);
    }

    /**
     * Clearing {@code e} (the "un…" action).
     *
     * @param e the engagement
     * @param now the new {@code updatedAt}
     * @return the change
     * @throws NullPointerException if an argument is null
     */
    public static EngagementChange clear(Engagement e, Instant now) {
        return new EngagementChange(e, null, now);
    }

    /** {@return true if this change clears its engagement rather than setting it} */
    public boolean isClear() {
        return at == null;
    }

    /**
     * The engagements whose timestamps this change sets to {@link #at()} where they are unset:
     * the engagement itself and those it implies. Empty when clearing.
     *
     * @return an unmodifiable set, in {@link Engagement} order
     */
    public Set<Engagement> sets() {
        if (at == null) return Set.of();
        EnumSet<Engagement> s = EnumSet.of(engagement);
        switch (engagement) {
            case READ -> s.add(Engagement.SEEN);
            case INTERACTED, LINK_CLICKED -> {
                s.add(Engagement.SEEN);
                s.add(Engagement.READ);
            }
            case SEEN, ARCHIVED -> { }
        }
        return Collections.unmodifiableSet(s);
    }

    /** {@return the engagement whose timestamp this change clears, or null when it sets} */
    public Engagement clears() {
        return at == null ? engagement : null;
    }

    /** {@return the type of the history event recorded on each changed message, such as {@code read} or {@code unarchived}} */
    public String eventType() {
        String type = engagement.name().toLowerCase(Locale.ROOT);
        return at == null ? "un" + type : type;
    }

    /**
     * Whether this change changes {@code m}: one of {@link #sets()} is unset on it, or {@link
     * #clears()} is set. A store writes only such messages, and records events only for them.
     *
     * @param m a message
     * @return true if applying the change alters its engagement
     */
    public boolean changes(Message m) {
        if (at == null) return m.engagedAt(engagement) != null;
        for (Engagement e : sets()) {
            if (m.engagedAt(e) == null) return true;
        }
        return false;
    }

    /**
     * {@code m} with this change applied: each of {@link #sets()} set to {@link #at()} where unset,
     * {@link #clears()} cleared, {@code updatedAt} {@link #now()}. Delivery and content are kept.
     *
     * @param m a message
     * @return the changed copy; {@code m} is unchanged
     */
    public Message applyTo(Message m) {
        Set<Engagement> sets = sets();
        Instant[] ts = new Instant[Engagement.values().length];
        for (Engagement e : Engagement.values()) {
            Instant old = m.engagedAt(e);
            ts[e.ordinal()] = e == clears() ? null : old == null && sets.contains(e) ? at : old;
        }
        return new Message(m.id(), m.runId(), m.workflowKey(), m.stepRef(), m.channelKey(), m.channelType(), m.recipient(), m.tenant(),
                m.actorId(), m.categories(), m.content(), m.data(), m.status(), m.attempts(), ts[Engagement.SEEN.ordinal()],
                ts[Engagement.READ.ordinal()], ts[Engagement.INTERACTED.ordinal()], ts[Engagement.LINK_CLICKED.ordinal()],
                ts[Engagement.ARCHIVED.ordinal()], m.createdAt(), now);
    }

    /**
     * The history event recorded on a message this change changed.
     *
     * @param messageId the changed message
     * @return the event, at {@link #now()}, of type {@link #eventType()}, without detail
     */
    public MessageEvent eventFor(String messageId) {
        return new MessageEvent(messageId, now, eventType(), null);
    }
}
