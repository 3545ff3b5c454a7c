package io.github.knockj.jdbc;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.RecordingProvider;
import io.github.knockj.core.Steps;
import io.github.knockj.core.User;
import io.github.knockj.core.Workflow;
import io.github.knockj.core.spi.NotifierListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Notifier on an H2 file in its own JVM for {@link H2FileKillTest}: it sends triggers from two
 * threads until it is killed, and prints to standard output (flushed) {@code ack <trigger id>} once
 * a trigger's {@code send()} has returned and {@code delivered <message id>} once a message is
 * reported delivered. Argument: the H2 file.
 */
public final class H2KillChild {
    static final String WORKFLOW = "kill";

    static Workflow workflow() {
        return Workflow.builder(WORKFLOW).step(Steps.channel("mail", "email").subject("hello {{ recipient.id }}")).build();
    }

    private static final PrintStream OUT = System.out;

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }

    public static void main(String[] args) throws Exception {
        JdbcStore store = JdbcStore.h2File(Path.of(args[0]));
        Notifier notifier = Notifier.builder().store(store).nodeId("killed")
                .pollInterval(Duration.ofMillis(50)).leaseDuration(Duration.ofSeconds(2))
                .channel("email", RecordingProvider.of(ChannelType.EMAIL))
                .listener(new NotifierListener() {
                    @Override
                    public void onDeliveryStatusChanged(Message message, DeliveryStatus previous) {
                        if (message.status() == DeliveryStatus.DELIVERED) print("delivered " + message.id());
                    }
                })
                .workflow(workflow())
                .build();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    String user = "u" + thread + "-" + i;
                    String id = notifier.trigger(WORKFLOW).recipient(User.builder(user).email(user + "@example.com").build())
                            .data(Map.of("i", i)).send().triggerId();
                    print("ack " + id);
                }
            }, "sender-" + t).start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private H2KillChild() {}
}
