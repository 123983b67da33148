package dev.lambdatrace.lab.run;

import java.time.Duration;
import java.util.List;

/**
 * The parameters of one lab run; all of them are printed in the report.
 *
 * @param invocations measured invocations per contestant
 * @param warmup invocations per contestant before measuring, not counted
 * @param syncExportDelay how long the {@code sync-export} sink takes to answer
 * @param xrayDelay how long the fake X-Ray takes to answer the real collector ({@code otelcol}, {@code otelcol-batch})
 * @param sampleEvery rounds between two memory and CPU samples
 * @param freeze whether each sandbox is stopped while idle, as Lambda freezes it
 * @param idleGap how long each sandbox stays idle (frozen) at least between two of its invocations
 * @param sinkIdleTimeout after how long the OTLP sinks close an idle connection; zero: never (the real collector:
 *        its own default)
 * @param coldStarts how often each contestant is started from cold; init and the first invocation are the medians
 */
public record LabSettings(int invocations, int warmup, CollectorMode collector, Duration syncExportDelay,
        Duration xrayDelay, int sampleEvery, Duration invocationTimeout, List<String> contestants, boolean freeze,
        Duration idleGap, Duration sinkIdleTimeout, int coldStarts) {

    public static final int MAX_INVOCATIONS = 100_000;
    public static final int MAX_COLD_STARTS = 50;
    // What the lab waits, after thawing and terminating a sandbox, for spans still on their way.
    public static final Duration END_GRACE = Duration.ofSeconds(2);
    // The X-Ray call the original test's flush waited for.
    public static final Duration DEFAULT_XRAY_DELAY = Duration.ofMillis(10);

    public LabSettings {
        if (invocations < 1 || invocations > MAX_INVOCATIONS) {
            throw new IllegalArgumentException("lab.n must be between 1 and " + MAX_INVOCATIONS + ", not " + invocations);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("lab.warmup must not be negative, not " + warmup);
        }
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be at least 1");
        }
        if (coldStarts < 1 || coldStarts > MAX_COLD_STARTS) {
            throw new IllegalArgumentException("lab.cold-starts must be between 1 and " + MAX_COLD_STARTS + ", not "
                    + coldStarts);
        }
        if (idleGap.isNegative() || sinkIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("lab.gap-ms and lab.sink-idle-timeout-ms must not be negative");
        }
        if (syncExportDelay.isNegative() || xrayDelay.isNegative()) {
            throw new IllegalArgumentException("lab.sync-delay-ms and lab.xray-delay-ms must not be negative");
        }
    }

    /** A small run for the lab's own tests. */
    public static LabSettings small(int invocations, List<String> contestants) {
        return new LabSettings(invocations, 10, CollectorMode.FAST, Duration.ofMillis(10), DEFAULT_XRAY_DELAY, 5,
                Duration.ofSeconds(30), contestants, true, Duration.ofMillis(2), Duration.ZERO, 1);
    }

    public LabSettings withFreeze(boolean freeze) {
        return new LabSettings(invocations, warmup, collector, syncExportDelay, xrayDelay, sampleEvery,
                invocationTimeout, contestants, freeze, idleGap, sinkIdleTimeout, coldStarts);
    }

    public LabSettings withIdleGap(Duration gap) {
        return new LabSettings(invocations, warmup, collector, syncExportDelay, xrayDelay, sampleEvery,
                invocationTimeout, contestants, freeze, gap, sinkIdleTimeout, coldStarts);
    }

    public LabSettings withSinkIdleTimeout(Duration timeout) {
        return new LabSettings(invocations, warmup, collector, syncExportDelay, xrayDelay, sampleEvery,
                invocationTimeout, contestants, freeze, idleGap, timeout, coldStarts);
    }

    public LabSettings withColdStarts(int starts) {
        return new LabSettings(invocations, warmup, collector, syncExportDelay, xrayDelay, sampleEvery,
                invocationTimeout, contestants, freeze, idleGap, sinkIdleTimeout, starts);
    }

    public LabSettings withCollector(CollectorMode mode) {
        return new LabSettings(invocations, warmup, mode, syncExportDelay, xrayDelay, sampleEvery, invocationTimeout,
                contestants, freeze, idleGap, sinkIdleTimeout, coldStarts);
    }

    public LabSettings withSyncExportDelay(Duration delay) {
        return new LabSettings(invocations, warmup, collector, delay, xrayDelay, sampleEvery, invocationTimeout,
                contestants, freeze, idleGap, sinkIdleTimeout, coldStarts);
    }

    public LabSettings withXrayDelay(Duration delay) {
        return new LabSettings(invocations, warmup, collector, syncExportDelay, delay, sampleEvery, invocationTimeout,
                contestants, freeze, idleGap, sinkIdleTimeout, coldStarts);
    }
}
