package io.github.knockj.bench;

/**
 * One benchmark scenario: measures the engine and its baselines, interleaved, over
 * {@link BenchConfig#reps()} repetitions after a warm-up, into a {@link ScenarioResult}.
 */
interface Scenario {
    ScenarioResult run(Bench.Context ctx) throws Exception;
}
