package dev.lambdatrace.lab.run;

import java.util.ArrayList;
import java.util.List;
import dev.lambdatrace.emulator.Invocation;

/**
 * What the lab records for one contestant while it runs.
 */
public final class Measurements {

    /**
     * One memory and CPU sample of the whole sandbox (function plus collector layer), taken every few rounds; the
     * lab's analogue of a Lambda Insights datapoint.
     */
    public record Sample(int invocation, double sandboxRssMb, double sandboxCpuMsPerInvocation) {
    }

    /** The first invocation of the process, which in JVM mode also starts Quarkus; NaN until it ran. */
    public double firstInvocationMs = Double.NaN;
    public final List<Invocation> invocations = new ArrayList<>();
    /** From handing out the event to the response: what the caller waits for. */
    public final List<Double> durationsMs = new ArrayList<>();
    /** From handing out the event until the sandbox may freeze: what Lambda bills. */
    public final List<Double> doneMs = new ArrayList<>();
    /** From queueing the event to the response, as the caller sees it. */
    public final List<Double> clientLatenciesMs = new ArrayList<>();
    public final List<Sample> samples = new ArrayList<>();
    public int non200;
    public int errors;
    public int timeouts;
    public long lastDoneAtNanos;
}
