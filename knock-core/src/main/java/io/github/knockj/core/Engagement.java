package io.github.knockj.core;

/** Engagement a recipient can have with a message; each is set with a timestamp and can be undone. */
public enum Engagement {
    SEEN,
    READ,
    INTERACTED,
    LINK_CLICKED,
    ARCHIVED
}
