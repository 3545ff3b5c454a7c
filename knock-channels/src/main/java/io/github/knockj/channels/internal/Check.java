package io.github.knockj.channels.internal;

import java.net.URI;
import java.time.Duration;

/** Fail-fast checks for builder settings; every message names the setting. Not a public API. */
public final class Check {
    private Check() {}

    /** Returns {@code value} if non-null, else throws naming {@code setting}. */
    public static <T> T notNull(String setting, T value) {
        if (value == null) throw new IllegalArgumentException(setting + " must not be null");
        return value;
    }

    /** Returns {@code value} if it holds a non-whitespace character, else throws naming {@code setting}. */
    public static String notBlank(String setting, String value) {
        notNull(setting, value);
        if (value.isBlank()) throw new IllegalArgumentException(setting + " must not be blank");
        return value;
    }

    /** Returns {@code d} if it is positive, else throws naming {@code setting} and the bad value. */
    public static Duration positive(String setting, Duration d) {
        notNull(setting, d);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(setting + " must be positive, was " + d);
        return d;
    }

    /**
     * Returns {@code uri} if it is an absolute http or https URI with a host, else throws naming
     * {@code setting}. The URI itself is not echoed: webhook URLs often carry a secret in their path.
     */
    public static URI httpUrl(String setting, URI uri) {
        notNull(setting, uri);
        if (!Urls.isHttp(uri)) {
            throw new IllegalArgumentException(setting + " must be an absolute http or https URL with a host");
        }
        return uri;
    }

    /** Parses {@code url} with {@link #httpUrl(String, URI)}'s rules. */
    public static URI httpUrl(String setting, String url) {
        notBlank(setting, url);
        URI uri = Urls.parse(url);
        if (uri == null) throw new IllegalArgumentException(setting + " is not a valid URL");
        return httpUrl(setting, uri);
    }

    /** Returns {@code port} if it is a TCP port number, else throws naming {@code setting}. */
    public static int port(String setting, int port) {
        if (port < 1 || port > 65_535) throw new IllegalArgumentException(setting + " must be 1-65535, was " + port);
        return port;
    }
}
