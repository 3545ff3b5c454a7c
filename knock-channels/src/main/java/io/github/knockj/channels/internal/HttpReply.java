package io.github.knockj.channels.internal;

import java.net.http.HttpHeaders;

/**
 * What came of one HTTP exchange: a response, or a transport failure (connection refused, timeout)
 * described by {@code transportFailure}. Not a public API.
 *
 * @param status the response status, or 0 after a transport failure
 * @param headers the response headers (empty after a transport failure)
 * @param body the response body, "" if none
 * @param transportFailure why no response arrived, or null if one did
 */
public record HttpReply(int status, HttpHeaders headers, String body, String transportFailure) {

    /** True for a 2xx response. */
    public boolean isSuccess() {
        return transportFailure == null && status >= 200 && status < 300;
    }

    /** The first value of response header {@code name}, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
