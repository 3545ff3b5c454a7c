package io.github.knockj.jdbc;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.spi.ChannelProvider;
import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Channel providers for {@link ProviderFaultsTest} and {@link OverloadTest}, each misbehaving in one
 * way (or slow), each recording every call it receives (the attempt numbers and idempotency keys by message). Random faults come from a
 * seeded {@link Random}, so a run's mix of faults is the same each time (which message gets which
 * fault depends on thread timing).
 */
final class FaultyProviders {
    private FaultyProviders() {}

    /** Records every call, then answers as the subclass misbehaves. Reaches every recipient. */
    abstract static class Recording implements ChannelProvider {
        private final String name;
        private final Random random;
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, Queue<Integer>> attemptsByMessage = new ConcurrentHashMap<>();
        final Map<String, Set<String>> keysByMessage = new ConcurrentHashMap<>();

        Recording(String name, long seed) {
            this.name = name;
            this.random = new Random(seed);
        }

        @Override
        public final ChannelType type() {
            return ChannelType.EMAIL;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final boolean canReach(OutboundMessage.RecipientInfo recipient, String channelKey) {
            return true;
        }

        @Override
        public final DeliveryResult send(OutboundMessage m) {
            calls.incrementAndGet();
            attemptsByMessage.computeIfAbsent(m.message().id(), k -> new ConcurrentLinkedQueue<>()).add(m.attempt());
            keysByMessage.computeIfAbsent(m.message().id(), k -> ConcurrentHashMap.newKeySet()).add(m.idempotencyKey());
            return answer(m);
        }

        abstract DeliveryResult answer(OutboundMessage m);

        /** The attempt numbers this provider saw for message {@code id}, in call order. */
        List<Integer> attemptsOf(String id) {
            return List.copyOf(attemptsByMessage.getOrDefault(id, new ConcurrentLinkedQueue<>()));
        }

        /** True with probability {@code p}, from the seeded sequence. */
        final boolean chance(double p) {
            synchronized (random) {
                return random.nextDouble() < p;
            }
        }

        final int pick(int n) {
            synchronized (random) {
                return random.nextInt(n);
            }
        }
    }

    /** Gives every call the answer {@code answer} makes (which may throw). */
    static Recording answering(String name, Function<OutboundMessage, DeliveryResult> answer) {
        return new Recording(name, 0) {
            @Override
            DeliveryResult answer(OutboundMessage m) {
                return answer.apply(m);
            }
        };
    }

    /** Delivers every message at once. */
    static Recording healthy() {
        return answering("healthy", m -> DeliveryResult.delivered("ok-" + m.message().id()));
    }

    /** Fails half the calls, at random, with a retryable failure; delivers the others. */
    static Recording flaky() {
        return new Recording("flaky", 2) {
            @Override
            DeliveryResult answer(OutboundMessage m) {
                return chance(0.5) ? DeliveryResult.retryable("flaky: try again later", null) : DeliveryResult.delivered(null);
            }
        };
    }

    /**
     * Never gives an answer the engine can use: null, a result without a kind, a runtime exception,
     * a linkage error, or a bare {@link Error} (which the engine's own guard does not name).
     */
    static Recording garbage() {
        return new Recording("garbage", 3) {
            @Override
            DeliveryResult answer(OutboundMessage m) {
                switch (pick(5)) {
                    case 0:
                        return null;
                    case 1:
                        return new DeliveryResult(null, "no-kind", "a result without a kind", null);
                    case 2:
                        throw new IllegalStateException("garbage provider bug");
                    case 3:
                        throw new NoClassDefFoundError("com/example/MissingSdkClass");
                    default:
                        throw new Error("garbage provider error");
                }
            }
        };
    }

    /** Times out now and then: a quarter of the calls take {@code slow} (and give up when interrupted). */
    static Recording sometimesSlow(Duration slow) {
        return new Recording("sometimes-slow", 4) {
            @Override
            DeliveryResult answer(OutboundMessage m) {
                if (chance(0.25)) {
                    try {
                        Thread.sleep(slow.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return DeliveryResult.retryable("interrupted", null);
                    }
                }
                return DeliveryResult.delivered(null);
            }
        };
    }

    /**
     * Never answers while the test runs: each call blocks, ignoring interrupts as a blocking socket
     * read would, until {@link #release()} (or two minutes).
     */
    static final class Hanging extends Recording {
        private final CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger stuck = new AtomicInteger();

        Hanging() {
            super("hanging", 5);
        }

        @Override
        DeliveryResult answer(OutboundMessage m) {
            stuck.incrementAndGet();
            boolean interrupted = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            try {
                while (released.getCount() > 0 && System.nanoTime() < deadline) {
                    try {
                        released.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true; // ignored, as by blocking I/O
                    }
                }
            } finally {
                stuck.decrementAndGet();
                if (interrupted) Thread.currentThread().interrupt();
            }
            return DeliveryResult.retryable("hung call gave up", null);
        }

        void release() {
            released.countDown();
        }
    }
}
