package io.github.knockj.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: its measures (engine and baselines, one value per repetition), the
 * ratios of engine to baseline, the targets and whether they were met, and notes.
 */
final class ScenarioResult {
    /** Engine measure over baseline measure, both medians of the same run. */
    record Ratio(String numerator, String denominator, Double target) {}

    /** A target from the issue; {@code met} is null when this run cannot judge it. */
    record Target(String description, String measured, Boolean met) {}

    final String id;
    final String title;
    final String size;
    final Map<String, Measure> measures = new LinkedHashMap<>();
    final List<Ratio> ratios = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    ScenarioResult(String id, String title, String size) {
        this.id = id;
        this.title = title;
        this.size = size;
    }

    Measure measure(String name, String unit, boolean higherIsBetter) {
        return measures.computeIfAbsent(name, k -> new Measure(name, unit, higherIsBetter));
    }

    void add(String name, double value) {
        Measure m = measures.get(name);
        if (m == null) throw new IllegalStateException("undeclared measure " + name);
        m.values.add(value);
    }

    double median(String name) {
        return measures.get(name).stats().median();
    }

    void ratio(String numerator, String denominator, Double target) {
        ratios.add(new Ratio(numerator, denominator, target));
    }

    double ratioValue(Ratio r) {
        return median(r.numerator()) / median(r.denominator());
    }

    void target(String description, String measured, Boolean met) {
        targets.add(new Target(description, measured, met));
    }

    void note(String note) {
        notes.add(note);
    }
}
