package io.github.knockj.bench;

import io.github.knockj.core.Notifier;
import io.github.knockj.jdbc.JdbcStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One Notifier of scenario 6 in its own JVM, on the database at the URL given as the first
 * argument, node id the second. First it warms up: a Notifier on the database at the third
 * argument (a copy of the same queued deliveries, this child's alone) delivers as many messages as
 * the fourth argument says, so that the measured part does not run in a cold JIT; then that Notifier
 * is closed. Protocol on stdin/stdout: it prints {@code ready} once the measured Notifier is built, with
 * its clock before the push step's send window; on the line {@code go} its clock moves to
 * {@link DeliveryPipeline#DELIVER_AT}, inside the window, and keeps ticking; it prints
 * {@code D <message id>} for every provider call; when stdin ends it closes the Notifier and exits.
 */
final class ScaleOutChild {
    private ScaleOutChild() {}

    /** A ticking clock whose offset from the system clock can move once, forward. */
    static final class MovableClock extends Clock {
        private volatile Duration offset;

        MovableClock(Instant now) {
            this.offset = Duration.between(Instant.now(), now);
        }

        void moveTo(Instant now) {
            offset = Duration.between(Instant.now(), now);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String node = args[1];
        warmUp(args[2], Integer.parseInt(args[3]));
        MovableClock clock = new MovableClock(DeliveryPipeline.SETUP_AT);
        CountingProvider push = new CountingProvider(m -> System.out.println("D " + m.message().id()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(10).build();
             Notifier notifier = Fixtures.channels(Notifier.builder(), push).store(store).nodeId(node).clock(clock)
                     .workflow(DeliveryPipeline.workflow()).build()) {
            System.out.println("ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("go")) clock.moveTo(DeliveryPipeline.DELIVER_AT);
            }
        }
        System.out.println("closed " + push.calls());
        System.exit(0);
    }

    /** Delivers {@code calls} of the deliveries queued at {@code url}, with the window open, then stops. */
    private static void warmUp(String url, int calls) throws Exception {
        CountingProvider push = new CountingProvider();
        try (JdbcStore store = JdbcStore.builder().url(url).maximumPoolSize(10).build();
             Notifier notifier = Fixtures.channels(Notifier.builder(), push).store(store).nodeId("warm-up")
                     .clock(new MovableClock(DeliveryPipeline.DELIVER_AT)).workflow(DeliveryPipeline.workflow()).build()) {
            push.await(calls, Duration.ofMinutes(2));
        }
    }
}
