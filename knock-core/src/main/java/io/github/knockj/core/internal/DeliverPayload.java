package io.github.knockj.core.internal;

/**
 * The payload of a {@link io.github.knockj.core.spi.JobKind#DELIVER} job: which of the channel's
 * providers to call (a failover moves on to the next). Stored as the index in decimal, or no payload
 * for the first provider; jobs are durable, so this format is read back by later versions.
 *
 * @param provider the index of the provider among the channel's
 */
record DeliverPayload(int provider) {
    /** The channel's first provider. */
    static final DeliverPayload FIRST = new DeliverPayload(0);

    DeliverPayload {
        if (provider < 0) throw new IllegalArgumentException("provider index must not be negative, was " + provider);
    }

    /** The stored form: null for the first provider, as jobs created without a payload have. */
    String encode() {
        return provider == 0 ? null : Integer.toString(provider);
    }

    /** Reads a stored payload (null is the first provider); throws {@link IllegalArgumentException}, quoting it, if it is not one. */
    static DeliverPayload decode(String payload) {
        if (payload == null) return FIRST;
        try {
            return new DeliverPayload(Integer.parseInt(payload));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a delivery payload (provider index): " + Payloads.quote(payload), e);
        }
    }
}
