package dev.lambdatrace.lab.report;

import java.util.List;
import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.measure.Percentiles;
import dev.lambdatrace.lab.run.Measurements;

/**
 * Every figure the lab reports for one contestant. Durations and latencies in ms, memory in MB.
 *
 * @param skipped why the contestant did not run, or null
 * @param initMs from process start until the runtime and every extension first wait on {@code next}: Lambda's Init
 *        Duration; the median over the run's cold starts
 * @param firstInvocationMs a cold start's first invocation, which in JVM mode also starts Quarkus; the median over the
 *        run's cold starts
 * @param failure what went wrong while it ran, or null
 * @param duration from handing out the event to receiving the response: what the caller waits for
 * @param done from handing out the event until the runtime and every extension wait on {@code next} again: when the
 *        sandbox may freeze, what Lambda bills
 * @param clientLatency from queueing the event to receiving the response, as the caller sees it
 * @param peakRssMb the function process's own peak resident memory ({@code VmHWM})
 * @param cpuMsPerInvocation the function process's own CPU time per measured invocation
 * @param sandboxPeakMb the sandbox's peak memory, as Lambda's Max Memory Used counts the whole sandbox: the sum of its
 *        processes' peaks (function plus collector layer; an upper bound, see {@code SandboxProcesses})
 * @param sandboxCpuMsPerInvocation the sandbox's CPU time per measured invocation, function plus collector layer
 * @param collectorLayer whether a collector ran inside its sandbox
 * @param spansDelivered invocations whose span reached the sink before the sandbox could freeze
 * @param spansLate invocations whose span reached the sink only after that, after a thaw
 * @param spansLost invocations whose span never reached the sink, even after the end of the run
 * @param coldStartInitsMs the init of every cold start, in the order they ran
 */
public record ContestantResult(String name, String description, String skipped, String failure, double initMs,
        double firstInvocationMs, int invocations, int non200, int errors, int timeouts, Percentiles duration,
        Percentiles done, Percentiles clientLatency, double peakRssMb, double endRssMb, double cpuMsPerInvocation,
        double sandboxPeakMb, double sandboxCpuMsPerInvocation, boolean collectorLayer, boolean traced, int spansDelivered, int spansLate, int spansLost, List<Measurements.Sample> samples,
        List<Double> coldStartInitsMs) {

    public static ContestantResult skipped(Contestant contestant, String reason) {
        Percentiles none = Percentiles.of(List.of());
        return new ContestantResult(contestant.name(), contestant.description(), reason, null, Double.NaN, Double.NaN,
                0, 0, 0, 0, none, none, none, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false,
                contestant.traced(), 0, 0, 0, List.of(), List.of());
    }

    public boolean ran() {
        return skipped == null && invocations > 0;
    }
}
