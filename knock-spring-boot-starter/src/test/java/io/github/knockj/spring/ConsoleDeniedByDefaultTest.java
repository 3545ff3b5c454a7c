package io.github.knockj.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Notifier;
import io.github.knockj.core.TestKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Without a ConsoleAuthorizer bean the console refuses every request; without the property it is not served at all. */
@SpringBootTest(classes = ConsoleServletTest.ConsoleApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"knock.console.enabled=true", "knock.poll-interval=50ms"})
class ConsoleDeniedByDefaultTest {
    @Value("${local.server.port}")
    int port;

    @Autowired
    Notifier notifier;

    @Test
    void withoutAnAuthorizerBeanEveryRequestIsRefused() throws Exception {
        notifier.trigger("welcome").recipients("ada").send();
        TestKit.awaitIdle(notifier, Duration.ofSeconds(20));
        for (String path : new String[] {"/knock-console/", "/knock-console/api/runs", "/knock-console/console.js"}) {
            assertThat(ConsoleServletTest.get(port, path, "X-Ops", "yes").statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void theConsoleIsOffUnlessEnabledAndServedUnderTheConfiguredPath() {
        WebApplicationContextRunner runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KnockAutoConfiguration.class));
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean("knockConsoleServlet"));
        runner.withPropertyValues("knock.console.enabled=true", "knock.console.path=/ops/knock/").run(ctx -> {
            assertThat(ctx).hasBean("knockConsoleServlet");
            assertThat(ctx.getBean("knockConsoleServlet", org.springframework.boot.web.servlet.ServletRegistrationBean.class).getUrlMappings())
                    .containsExactly("/ops/knock/*");
        });
    }
}
