package io.github.knockj.core;

import java.util.Set;

/**
 * What fetch steps may call. By default only http and https URLs whose host resolves to a public
 * address: loopback, link-local, private, multicast and unspecified addresses are refused, so a
 * template cannot turn the engine against the application's own network (SSRF).
 *
 * @param allowPrivateNetworks allow loopback, link-local and private addresses (for development and tests)
 * @param allowedHosts if not empty, only these host names may be called
 */
public record FetchPolicy(boolean allowPrivateNetworks, Set<String> allowedHosts) {
    /** Public addresses only, any host. */
    public static final FetchPolicy DEFAULT = new FetchPolicy(false, Set.of());

    /**
     * Copies {@code allowedHosts}.
     *
     * @param allowPrivateNetworks allow loopback, link-local and private addresses (for development and tests)
     * @param allowedHosts if not empty, only these host names may be called
     */
    public FetchPolicy {
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** {@return a copy that also allows loopback, link-local and private addresses (for tests or internal services)} */
    public FetchPolicy allowingPrivateNetworks() {
        return new FetchPolicy(true, allowedHosts);
    }

    /**
     * {@return a copy that allows only the given host names}
     *
     * @param hosts the host names fetch steps may call
     */
    public FetchPolicy onlyHosts(String... hosts) {
        return new FetchPolicy(allowPrivateNetworks, Set.of(hosts));
    }
}
