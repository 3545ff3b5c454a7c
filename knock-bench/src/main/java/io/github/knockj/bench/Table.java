package io.github.knockj.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints scenario results as a Markdown table (pastes straight into BENCHMARKS.md). */
final class Table {
    private Table() {}

    static void print(List<ScenarioResult> results, PrintStream out) {
        out.println("| # | scenario (size) | measure | median | min .. max | spread | reps |");
        out.println("|---|---|---|---:|---:|---:|---:|");
        for (ScenarioResult r : results) {
            boolean first = true;
            for (Measure m : r.measures.values()) {
                if (m.values.isEmpty()) continue;
                Stats s = m.stats();
                out.printf(Locale.ROOT, "| %s | %s | %s | %s %s | %s .. %s | %.0f%% | %d |%n",
                        first ? r.id : "", first ? r.title + " (" + r.size + ")" : "", m.name,
                        num(s.median()), m.unit, num(s.min()), num(s.max()), s.spreadPercent(), s.n());
                first = false;
            }
            for (ScenarioResult.Ratio q : r.ratios) {
                if (!r.measures.containsKey(q.numerator()) || r.measures.get(q.numerator()).values.isEmpty()) continue;
                double v = r.ratioValue(q);
                String target = q.target() == null ? "" : String.format(Locale.ROOT, " (target >= %.2f: %s)", q.target(), v >= q.target() ? "MET" : "MISSED");
                out.printf(Locale.ROOT, "| %s | | **ratio** %s / %s | **%.3f**%s | | | |%n", r.id, q.numerator(), q.denominator(), v, target);
            }
        }
        out.println();
        for (ScenarioResult r : results) {
            for (ScenarioResult.Target t : r.targets) {
                out.printf(Locale.ROOT, "- [%s] %s: %s -> %s%n", r.id, t.description(), t.measured(),
                        t.met() == null ? "not judged" : t.met() ? "MET" : "MISSED");
            }
        }
        for (ScenarioResult r : results) {
            for (String n : r.notes) out.printf(Locale.ROOT, "- [%s] %s%n", r.id, n);
        }
    }

    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
