package io.github.knockj.core;

/** Engagement a recipient can have with a message; each is set with a timestamp and can be undone. */
public enum Engagement {
    /** Seen, such as shown in the feed. */
    SEEN,
    /** Read; setting it also sets {@link #SEEN}. */
    READ,
    /** Interacted with, such as the action clicked; also sets {@link #SEEN} and {@link #READ}. */
    INTERACTED,
    /** A tracked link was clicked; also sets {@link #SEEN} and {@link #READ}. */
    LINK_CLICKED,
    /** Archived: left out of the feed's default listing. */
    ARCHIVED
}
