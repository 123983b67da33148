package dev.lambdatrace.lab;

import java.util.List;

/**
 * Every figure the lab reports for one contestant. Durations and latencies in ms, memory in MB.
 *
 * @param skipped why the contestant did not run, or null
 * @param initMs from process start to the first {@code /next}, Lambda's Init Duration
 * @param firstInvocationMs the cold start's first invocation, which in JVM mode also starts Quarkus
 * @param failure what went wrong while it ran, or null
 * @param duration from handing out the event to receiving the response (Lambda's Duration)
 * @param clientLatency from queueing the event to receiving the response, as the caller sees it
 * @param spansLost invocations whose span never reached the sink
 * @param spansLate invocations whose span reached the sink only after the response
 */
record ContestantResult(String name, String description, String skipped, String failure, double initMs,
        double firstInvocationMs, int invocations, int non200, int errors, int timeouts, Percentiles duration, Percentiles clientLatency,
        double peakRssMb, double endRssMb, double cpuMsPerInvocation, boolean traced, int spansExpected,
        int spansLost, int spansLate, List<Measurements.Sample> samples) {

    static ContestantResult skipped(Contestant contestant, String reason) {
        return new ContestantResult(contestant.name(), contestant.description(), reason, null, Double.NaN, Double.NaN,
                0, 0, 0, 0,
                Percentiles.of(List.of()), Percentiles.of(List.of()), Double.NaN, Double.NaN, Double.NaN,
                contestant.traced(), 0, 0, 0, List.of());
    }

    boolean ran() {
        return skipped == null && invocations > 0;
    }
}
