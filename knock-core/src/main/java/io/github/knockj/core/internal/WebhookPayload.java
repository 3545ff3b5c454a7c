package io.github.knockj.core.internal;

/**
 * The payload of an {@link io.github.knockj.core.spi.JobKind#EVENT} job: which configured webhook
 * endpoint to post to, and the JSON body. Stored as {@code index \n body}; jobs are durable, so this
 * format is read back by later versions.
 *
 * @param endpoint the index of the endpoint among those configured
 * @param body the JSON body to post
 */
record WebhookPayload(int endpoint, String body) {

    WebhookPayload {
        if (endpoint < 0) throw new IllegalArgumentException("webhook endpoint index must not be negative, was " + endpoint);
        if (body == null) throw new IllegalArgumentException("a webhook notice needs a body");
    }

    String encode() {
        return endpoint + "\n" + body;
    }

    /** Reads a stored payload; throws {@link IllegalArgumentException}, quoting it, if it is not one. */
    static WebhookPayload decode(String payload) {
        int nl = payload == null ? -1 : payload.indexOf('\n');
        if (nl > 0) {
            try {
                return new WebhookPayload(Integer.parseInt(payload.substring(0, nl)), payload.substring(nl + 1));
            } catch (IllegalArgumentException e) {
                // not a number, or negative: reported below
            }
        }
        throw new IllegalArgumentException("not a webhook payload (endpoint index \\n body): " + Payloads.quote(payload));
    }
}
