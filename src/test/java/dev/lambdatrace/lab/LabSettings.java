package dev.lambdatrace.lab;

import java.time.Duration;
import java.util.List;

/**
 * The parameters of one lab run; all of them are printed in the report.
 *
 * @param invocations measured invocations per contestant
 * @param warmup invocations per contestant before measuring, not counted
 * @param sampleEvery rounds between two memory and CPU samples
 * @param freeze whether each sandbox is stopped while idle, as Lambda freezes it
 */
record LabSettings(int invocations, int warmup, CollectorMode collector, Duration syncExportDelay, int sampleEvery,
        Duration invocationTimeout, List<String> contestants, boolean freeze) {

    static final int MAX_INVOCATIONS = 100_000;

    LabSettings {
        if (invocations < 1 || invocations > MAX_INVOCATIONS) {
            throw new IllegalArgumentException("lab.n must be between 1 and " + MAX_INVOCATIONS + ", not " + invocations);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("lab.warmup must not be negative, not " + warmup);
        }
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be at least 1");
        }
    }
}
