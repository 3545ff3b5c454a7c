package io.github.knockj.bench;

import java.util.ArrayList;
import java.util.List;

/** One measured quantity of a scenario, one value per repetition. */
final class Measure {
    final String name;
    final String unit;
    final boolean higherIsBetter;
    final List<Double> values = new ArrayList<>();

    Measure(String name, String unit, boolean higherIsBetter) {
        this.name = name;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    Stats stats() {
        return Stats.of(values);
    }
}
