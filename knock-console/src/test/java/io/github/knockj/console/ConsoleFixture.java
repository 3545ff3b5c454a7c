package io.github.knockj.console;

import com.sun.net.httpserver.HttpServer;
import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageQuery;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.RetryPolicy;
import io.github.knockj.core.Steps;
import io.github.knockj.core.TestKit;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.DeliveryResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Notifier on a test kit with one undelivered message (the email provider refuses for good until
 * {@link #providerFails} is cleared) and one failed run (a strict template with an undefined
 * variable), and a console of it on the JDK's HTTP server on loopback.
 */
final class ConsoleFixture implements AutoCloseable {
    final TestKit kit = TestKit.create();
    final AtomicBoolean providerFails = new AtomicBoolean(true);
    final RecordingProvider email = RecordingProvider.of(ChannelType.EMAIL)
            .answering(m -> providerFails.get() ? DeliveryResult.permanent("550 mailbox unavailable") : DeliveryResult.delivered("p-1"));
    final Notifier notifier;
    final HttpServer server;
    final String undeliveredId;

    ConsoleFixture(ConsoleAuthorizer authorizer) throws IOException {
        notifier = Notifier.builder().testKit(kit).strictTemplates(true)
                .channel("email", new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0), email)
                .workflow(Workflow.builder("welcome").name("Welcome")
                        .step(Steps.channel("mail", "email").subject("Welcome, {{ recipient.name }}")
                                .html("<h1>Hello {{ recipient.name }}</h1><p>{{ data.note }}</p>"))
                        .build())
                .workflow(Workflow.builder("digest").name("Digest")
                        .step(Steps.channel("mail", "email").subject("{{ data.missing_title }}")).build())
                .build();
        notifier.users().identify(User.builder("ada").name("Ada").email("ada@example.com").build());
        notifier.trigger("welcome").recipients("ada").data(Map.of("note", "first")).send();
        notifier.trigger("digest").recipients("ada").send();
        kit.runDue();
        undeliveredId = notifier.messages().list(MessageQuery.newest().withStatus(DeliveryStatus.UNDELIVERED)).stream()
                .map(Message::id).findFirst().orElseThrow();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/knock-console", new ConsoleHttpHandler(KnockConsole.create(notifier, authorizer, kit.clock())));
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/knock-console";
    }

    @Override
    public void close() {
        server.stop(0);
        notifier.close();
    }
}
