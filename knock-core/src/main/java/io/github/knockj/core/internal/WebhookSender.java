package io.github.knockj.core.internal;

import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.WebhookSignature;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts webhook notices (jobs of kind {@link io.github.knockj.core.spi.JobKind#EVENT}) to their endpoints, signed in the Standard Webhooks format ({@link WebhookSignature}), retrying failures with backoff. */
final class WebhookSender {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<EngineConfig.EventWebhook> endpoints;
    private final Clock clock;
    private final RetryPolicy retry = RetryPolicy.DEFAULT;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookSender(List<EngineConfig.EventWebhook> endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
    }

    void send(List<Job> jobs, ChangeSet cs) {
        for (Job job : jobs) {
            WebhookPayload payload = WebhookPayload.decode(job.payload());
            int index = payload.endpoint();
            String body = payload.body();
            if (index >= endpoints.size()) {
                log.warn("webhook notice {} is for endpoint #{}, which is no longer configured; dropped", job.target(), index);
                cs.completedJobs().add(job.id());
                continue;
            }
            EngineConfig.EventWebhook endpoint = endpoints.get(index);
            String failure = post(endpoint, job.target(), body);
            if (failure == null) {
                cs.completedJobs().add(job.id());
            } else if (job.attempts() + 1 >= retry.maxAttempts()) {
                log.error("webhook notice {} to {} failed {} times ({}); giving up", job.target(), endpoint.url(), job.attempts() + 1, failure);
                cs.completedJobs().add(job.id());
            } else {
                Instant due = clock.instant().plus(retry.delayBefore(job.attempts() + 1));
                log.debug("webhook notice {} to {} failed ({}); retry at {}", job.target(), endpoint.url(), failure, due);
                cs.rescheduledJobs().add(new ChangeSet.Reschedule(job.id(), due, job.attempts() + 1));
            }
        }
    }

    /** Null on success, else why it failed. */
    private String post(EngineConfig.EventWebhook endpoint, String noticeId, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint.url()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", noticeId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // Standard Webhooks: webhook-id is the notice's id, the same on every attempt; the timestamp is this attempt's
        WebhookSignature.headers(endpoint.secret(), noticeId, clock.instant(), body).forEach(req::header);
        try {
            int code = client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return code / 100 == 2 ? null : "HTTP " + code;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
