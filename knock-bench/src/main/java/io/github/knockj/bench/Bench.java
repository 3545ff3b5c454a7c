package io.github.knockj.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark scenarios and prints a table of medians, spreads and ratios to baselines
 * measured in the same run. From the repository root:
 *
 * <pre>mvn -q -pl knock-bench -am -DskipTests package exec:java</pre>
 *
 * Arguments (through {@code -Dbench.args="..."}): {@code scale=full|smoke}, {@code reps=N} (default 3, at least 1),
 * {@code scenarios=1,3,2,5,4,6}, {@code size.<scenario>=N}, {@code duration.5=seconds}, and for the
 * forked measuring JVM {@code heap=8g}, {@code jfr=file.jfr}, {@code gclog=file.log}.
 */
public final class Bench {
    private Bench() {}

    /** What a scenario needs: the configuration, the output, and a lazily started PostgreSQL. */
    static final class Context implements AutoCloseable {
        final BenchConfig config;
        final PrintStream out;
        private Postgres postgres;

        Context(BenchConfig config, PrintStream out) {
            this.config = config;
            this.out = out;
        }

        synchronized Postgres postgres() {
            if (postgres == null) {
                postgres = Postgres.start();
                out.println("PostgreSQL settings: " + postgres.settings());
            }
            return postgres;
        }

        void log(String format, Object... args) {
            out.printf(Locale.ROOT, "  " + format + "%n", args);
            out.flush();
        }

        @Override
        public synchronized void close() {
            if (postgres != null) postgres.close();
        }
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args);
        if (!Boolean.getBoolean("knock.bench.forked")) {
            System.exit(Fork.run(config, args));
        }
        List<ScenarioResult> results = run(config, System.out);
        System.out.println();
        Table.print(results, System.out);
        System.exit(0);
    }

    static List<ScenarioResult> run(BenchConfig config, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "knock-bench %s: %s, %d repetitions, scenarios %s%n", Instant.now(),
                config.smoke() ? "SMOKE sizes (not a measurement)" : "full sizes", config.reps(), config.scenarios());
        out.printf(Locale.ROOT, "JVM: %s %s, %d CPUs, max heap %d MiB, args %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<ScenarioResult> results = new ArrayList<>();
        boolean pgNoted = false;
        try (Context ctx = new Context(config, out)) {
            for (String id : config.scenarios()) {
                long t0 = System.nanoTime();
                out.println("== scenario " + id);
                ScenarioResult r = scenario(id).run(ctx);
                results.add(r);
                out.printf(Locale.ROOT, "== scenario %s done in %s%n", id, Duration.ofNanos(System.nanoTime() - t0).withNanos(0));
                if (ctx.postgres != null && !pgNoted) {
                    r.note("PostgreSQL " + settingsLine(ctx.postgres.settings()));
                    pgNoted = true;
                }
            }
        }
        return results;
    }

    private static String settingsLine(Map<String, String> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> {
            if (!k.equals("data_directory")) b.append(k).append('=').append(v).append(' ');
        });
        return b.toString().trim();
    }

    private static Scenario scenario(String id) {
        return switch (id) {
            case "1" -> new InMemoryFanout();
            case "2" -> new DurableFanout();
            case "3" -> new DeliveryPipeline();
            case "4" -> new DigestLoad();
            case "5" -> new Latency();
            case "6" -> new ScaleOut();
            default -> throw new IllegalArgumentException("unknown scenario " + id);
        };
    }

    /** Seconds since {@code startNanos}. */
    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
