package io.github.knockj.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and spread of one measure over repeated runs. Spread is {@code (max - min) / median}, so
 * a spread of 12% means the slowest and fastest repetitions were 12% of the median apart.
 */
record Stats(double median, double min, double max, int n) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    double spreadPercent() {
        return median == 0 ? 0 : (max - min) / Math.abs(median) * 100;
    }

    /** The {@code q} quantile (0..1) of {@code sorted} by the nearest-rank method. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
