package io.github.knockj.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Calls an HTTP endpoint and merges its JSON object response into the run's data (top-level keys
 * replace, or under {@link #responsePath(String)}). URL, headers and body are Liquid templates. A
 * 2xx answer within the timeout succeeds; a timeout, connection error or 5xx is retried
 * ({@link #DEFAULT_RETRY_DELAYS}); anything else, or retries exhausted, fails the run. Requests to
 * loopback, link-local and private addresses are refused unless the Notifier allows them.
 */
public final class FetchStep extends Step {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** Waits before the retries of a failed fetch. */
    public static final Duration[] DEFAULT_RETRY_DELAYS = {Duration.ofSeconds(30), Duration.ofSeconds(60)};
    /** Largest response body read, in bytes. */
    public static final int MAX_RESPONSE_BYTES = 1_000_000;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private String method = "GET";
    private Template url;
    private final Map<String, Template> headers = new LinkedHashMap<>();
    private Template body;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String responsePath;

    FetchStep(String ref) {
        super(ref);
    }

    public FetchStep get(String urlTemplate) { return request("GET", urlTemplate); }
    public FetchStep post(String urlTemplate) { return request("POST", urlTemplate); }

    /** Sets the HTTP method and the URL template. */
    public FetchStep request(String httpMethod, String urlTemplate) {
        checkNotFrozen();
        String m = httpMethod == null ? "" : httpMethod.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) throw new IllegalArgumentException("fetch method must be one of " + METHODS + ", was " + httpMethod);
        this.method = m;
        this.url = parseTemplate("url", urlTemplate);
        return this;
    }

    public FetchStep header(String name, String valueTemplate) {
        checkNotFrozen();
        headers.put(name, parseTemplate("header '" + name + "'", valueTemplate));
        return this;
    }

    public FetchStep body(String jsonTemplate) {
        checkNotFrozen();
        this.body = parseTemplate("body", jsonTemplate);
        return this;
    }

    public FetchStep timeout(Duration t) {
        checkNotFrozen();
        this.timeout = BatchStep.positive("fetch.timeout", t);
        return this;
    }

    /** Puts the response under this top-level data key instead of merging it into data. */
    public FetchStep responsePath(String key) {
        checkNotFrozen();
        this.responsePath = key;
        return this;
    }

    public FetchStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    public String method() { return method; }
    public Template url() { return url; }
    public Map<String, Template> headers() { return Collections.unmodifiableMap(headers); }
    public Template body() { return body; }
    public Duration timeout() { return timeout; }
    public String responsePath() { return responsePath; }

    @Override
    void freeze() {
        if (url == null) throw new WorkflowDefinitionException("fetch step '" + ref() + "' needs a URL");
        super.freeze();
    }
}
