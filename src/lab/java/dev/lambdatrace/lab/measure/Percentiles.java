package dev.lambdatrace.lab.measure;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles of a sample, in the sample's own unit.
 */
public record Percentiles(int count, double p50, double p90, double p99, double max, double mean) {

    public static Percentiles of(Collection<? extends Number> sample) {
        if (sample.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = sample.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    /** The smallest value such that at least {@code percent}% of the sample is at or below it. */
    public static double rank(double[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
