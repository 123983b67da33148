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
    final List<Double> durationsMs = new ArrayList<>();
    final List<Double> clientLatenciesMs = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    int non200;
    int errors;
    int timeouts;
}
