package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.knockj.console.ConsoleAuthorizer;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.Workflow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/** The console served by the starter in an embedded Tomcat, behind the application's authorizer bean. */
@SpringBootTest(classes = {ConsoleServletTest.ConsoleApp.class, ConsoleServletTest.Authorized.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"knock.console.enabled=true", "knock.poll-interval=50ms"})
class ConsoleServletTest {
    /** An application with a workflow and an email channel. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ConsoleApp {
        @Bean
        Workflow welcome() {
            return Workflow.builder("welcome").step(Steps.channel("mail", "email").subject("Welcome {{ recipient.id }}")).build();
        }

        @Bean
        RecordingProvider email() {
            return RecordingProvider.of(ChannelType.EMAIL);
        }
    }

    /** An authorizer that lets the operator with the right header in. */
    static class Authorized {
        @Bean
        ConsoleAuthorizer opsOnly() {
            return request -> request.header("X-Ops").map("yes"::equals).orElse(false);
        }
    }

    static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) b.headers(headers);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Notifier notifier;

    @Test
    void theAuthorizerBeanLetsItsOperatorSeeTheRuns() throws Exception {
        notifier.trigger("welcome").recipients("ada").send();
        TestKit.awaitIdle(notifier, Duration.ofSeconds(20));

        assertThat(get(port, "/knock-console/api/runs").statusCode()).isEqualTo(403);
        HttpResponse<String> runs = get(port, "/knock-console/api/runs", "X-Ops", "yes");
        assertThat(runs.statusCode()).isEqualTo(200);
        JsonNode items = new ObjectMapper().readTree(runs.body()).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("workflow").asText()).isEqualTo("welcome");
        assertThat(items.get(0).get("recipient").asText()).isEqualTo("ada");

        HttpResponse<String> page = get(port, "/knock-console/", "X-Ops", "yes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("knock console");
        HttpResponse<String> bare = get(port, "/knock-console", "X-Ops", "yes");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location").orElseThrow()).endsWith("/knock-console/");
    }
}
