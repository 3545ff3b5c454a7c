package io.github.knockj.bench;

import io.github.knockj.core.InAppFeedChannel;
import io.github.knockj.core.Notifier;
import io.github.knockj.core.ObjectRef;
import io.github.knockj.core.Steps;
import io.github.knockj.core.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The workflows, recipients and data the scenarios share. */
final class Fixtures {
    static final ObjectRef EVERYONE = ObjectRef.of("teams", "everyone");
    static final String FANOUT = "fanout";
    static final String PUSH_ONLY = "push-only";
    static final Map<String, Object> DATA = Map.of("title", "Release 1.2 is out", "url", "https://example.com/releases/1.2");

    private Fixtures() {}

    /** One in-app feed message and one push message per recipient. */
    static Workflow fanout() {
        return Workflow.builder(FANOUT)
                .step(Steps.channel("feed", "in-app").body("{{ data.title }}: {{ data.url }}"))
                .step(Steps.channel("push", "push").title("{{ data.title }}").body("{{ data.url }}"))
                .build();
    }

    static Workflow pushOnly() {
        return Workflow.builder(PUSH_ONLY).step(Steps.channel("push", "push").title("{{ data.title }}").body("{{ data.url }}")).build();
    }

    static Notifier.Builder channels(Notifier.Builder b, CountingProvider push) {
        return b.channel("in-app", InAppFeedChannel.create()).channel("push", push);
    }

    static String user(int i) {
        return String.format(Locale.ROOT, "u%07d", i);
    }

    /** Creates {@link #EVERYONE} and subscribes users 0..n-1 to it (identifying them: only known users can subscribe), in chunks. */
    static void subscribeAll(Notifier notifier, int n) {
        int chunk = 5_000;
        notifier.objects().set(EVERYONE, Map.of());
        for (int from = 0; from < n; from += chunk) {
            List<String> ids = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(n, from + chunk); i++) ids.add(user(i));
            notifier.users().identifyAll(ids.stream().map(id -> io.github.knockj.core.User.builder(id).build()).toList());
            notifier.objects().subscribe(EVERYONE, ids, Map.of());
        }
    }

    /** A task for item {@code i}, run by worker {@code thread} (0..threads-1). */
    interface Item {
        void run(int thread, int i) throws Exception;
    }

    /** Runs {@code item} for i in 0..n-1 as fast as {@code threads} threads go (closed loop); rethrows the first failure. */
    static void inParallel(int threads, int n, Item item) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) item.run(thread, i);
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
