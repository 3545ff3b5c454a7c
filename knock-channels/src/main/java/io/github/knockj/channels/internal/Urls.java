package io.github.knockj.channels.internal;

import java.net.URI;
import java.net.URISyntaxException;

/** URL helpers that never echo a URL (webhook URLs carry secrets in their path). Not a public API. */
public final class Urls {
    private Urls() {}

    /** Parses {@code text}, or returns null if it is not a URI. */
    public static URI parse(String text) {
        if (text == null) return null;
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** True for an absolute http or https URI with a host. */
    public static boolean isHttp(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) return false;
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    /** The scheme, host and port only: safe to show in toString and logs. */
    public static String origin(URI uri) {
        if (uri == null) return "none";
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** {@code base} with {@code path} appended, avoiding a doubled slash. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + path);
    }
}
