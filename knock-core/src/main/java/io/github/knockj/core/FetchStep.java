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
    /** The timeout of the whole exchange, body included, unless {@link #timeout(Duration)} sets another: 15 seconds. */
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

    /**
     * A GET request to the URL template.
     *
     * @param urlTemplate a Liquid template for the URL
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public FetchStep get(String urlTemplate) { return request("GET", urlTemplate); }
    /**
     * A POST request to the URL template; add a {@link #body(String)}.
     *
     * @param urlTemplate a Liquid template for the URL
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public FetchStep post(String urlTemplate) { return request("POST", urlTemplate); }

    /**
     * Sets the HTTP method and the URL template.
     *
     * @param httpMethod GET, POST, PUT, PATCH or DELETE, any case
     * @param urlTemplate a Liquid template for the URL
     * @return this step
     * @throws IllegalArgumentException if the method is not one of those
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public FetchStep request(String httpMethod, String urlTemplate) {
        checkNotFrozen();
        String m = httpMethod == null ? "" : httpMethod.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) throw new IllegalArgumentException("fetch method must be one of " + METHODS + ", was " + httpMethod);
        this.method = m;
        this.url = parseTemplate("url", urlTemplate);
        return this;
    }

    /**
     * Adds a request header, replacing one of the same name set before.
     *
     * @param name the header name
     * @param valueTemplate a Liquid template for the value
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public FetchStep header(String name, String valueTemplate) {
        checkNotFrozen();
        headers.put(name, parseTemplate("header '" + name + "'", valueTemplate));
        return this;
    }

    /**
     * The request body. If unset, none.
     *
     * @param jsonTemplate a Liquid template rendering JSON
     * @return this step
     * @throws WorkflowDefinitionException if the template does not parse
     */
    public FetchStep body(String jsonTemplate) {
        checkNotFrozen();
        this.body = parseTemplate("body", jsonTemplate);
        return this;
    }

    /**
     * The longest the whole exchange may take, body included. If unset, {@link #DEFAULT_TIMEOUT}.
     *
     * @param t the timeout, positive
     * @return this step
     * @throws IllegalArgumentException if {@code t} is null, zero or negative
     */
    public FetchStep timeout(Duration t) {
        checkNotFrozen();
        this.timeout = BatchStep.positive("fetch.timeout", t);
        return this;
    }

    /**
     * Puts the response under this top-level data key instead of merging it into data.
     *
     * @param key the data key, or null to merge (the default)
     * @return this step
     */
    public FetchStep responsePath(String key) {
        checkNotFrozen();
        this.responsePath = key;
        return this;
    }

    /**
     * Runs the step only when {@code condition} holds; otherwise the run goes on past it. If unset, always.
     *
     * @param condition evaluated on the run when it reaches the step
     * @return this step
     */
    public FetchStep when(Predicate<RunContext> condition) {
        setCondition(condition);
        return this;
    }

    /** {@return the HTTP method, upper case; GET if unset} */
    public String method() { return method; }
    /** {@return the URL template, or null before one is set} */
    public Template url() { return url; }
    /** {@return the header templates by name, unmodifiable} */
    public Map<String, Template> headers() { return Collections.unmodifiableMap(headers); }
    /** {@return the body template, or null for none} */
    public Template body() { return body; }
    /** {@return the timeout of the whole exchange} */
    public Duration timeout() { return timeout; }
    /** {@return the data key the response goes under, or null if it is merged into data} */
    public String responsePath() { return responsePath; }

    @Override
    void freeze() {
        if (url == null) throw new WorkflowDefinitionException("fetch step '" + ref() + "' needs a URL");
        super.freeze();
    }
}
