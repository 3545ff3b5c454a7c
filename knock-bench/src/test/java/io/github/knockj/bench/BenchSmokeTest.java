package io.github.knockj.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every scenario at tiny sizes so the benchmarks cannot rot; the numbers mean nothing. */
class BenchSmokeTest {

    @Test
    void everyScenarioRunsAtSmokeSizeAndPrintsATable() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new java.io.OutputStream() { // to the report file too, for timings
            @Override
            public void write(int b) {
                buf.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        List<ScenarioResult> results = Bench.run(BenchConfig.parse("scale=smoke"), out);
        Table.print(results, out);
        String printed = buf.toString(StandardCharsets.UTF_8);

        assertThat(results).extracting(r -> r.id).containsExactlyElementsOf(BenchConfig.ALL);
        for (ScenarioResult r : results) {
            assertThat(r.measures.values()).allSatisfy(m -> assertThat(m.values).as(r.id + " " + m.name).hasSize(3));
            assertThat(r.ratios).as(r.id).isNotEmpty();
            for (ScenarioResult.Ratio q : r.ratios) assertThat(r.ratioValue(q)).as(q.toString()).isPositive().isFinite();
        }
        assertThat(printed).contains("| # | scenario", "**ratio**", "synchronous_commit=on", "fsync=on");
        assertThat(printed).contains("[4] flush lag p99", "[4] heap independent of the event count", "[6] zero duplicates", "[6] zero losses");
    }

    @Test
    void argumentsAreCheckedAndSizesOverridable() {
        BenchConfig c = BenchConfig.parse("scale=smoke reps=4", "scenarios=1,3 size.1=77");
        assertThat(c.size("1", 1000, 10)).isEqualTo(77);
        assertThat(c.size("3", 1000, 10)).isEqualTo(10);
        assertThat(c.scenarios()).containsExactly("1", "3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchConfig.parse("reps=0")).hasMessageContaining("at least 1");
        assertThat(BenchConfig.parse("reps=1").reps()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchConfig.parse("scenarios=9")).hasMessageContaining("unknown scenario 9");
    }

    @Test
    void statsGiveMedianAndSpread() {
        Stats s = Stats.of(List.of(3.0, 1.0, 2.0));
        assertThat(s.median()).isEqualTo(2.0);
        assertThat(s.spreadPercent()).isEqualTo(100.0);
        assertThat(Stats.quantile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.99)).isEqualTo(10);
    }
}
