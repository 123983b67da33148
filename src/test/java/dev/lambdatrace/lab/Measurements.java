package dev.lambdatrace.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What the lab records for one contestant while it runs.
 */
final class Measurements {

    /** One memory and CPU sample, taken every few rounds; the lab's analogue of a Lambda Insights datapoint. */
    record Sample(int invocation, double rssMb, double cpuMsPerInvocation) {
    }

    /** The first invocation of the process, which in JVM mode also starts Quarkus; NaN until it ran. */
    double firstInvocationMs = Double.NaN;
    final List<Invocation> invocations = new ArrayList<>();
    /** From handing out the event to the response: what the caller waits for. */
    final List<Double> durationsMs = new ArrayList<>();
    /** From handing out the event until the sandbox may freeze: what Lambda bills. */
    final List<Double> doneMs = new ArrayList<>();
    /** From queueing the event to the response, as the caller sees it. */
    final List<Double> clientLatenciesMs = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    int non200;
    int errors;
    int timeouts;
    long lastDoneAtNanos;
}
