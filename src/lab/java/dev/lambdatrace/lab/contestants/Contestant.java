package dev.lambdatrace.lab.contestants;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.JavaRuntime;
import dev.lambdatrace.lab.LabPaths;

/**
 * One function under test, started as its own process in its own emulated sandbox.
 */
public abstract class Contestant {

    private final String name;

    protected Contestant(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** One line for the report. */
    public abstract String description();

    /** Empty when the contestant can run; otherwise why it is skipped. */
    public abstract Optional<String> unavailableReason(LabPaths paths);

    public abstract List<String> command(LabPaths paths);

    /** Whether every invocation should deliver a span to the sink. */
    public abstract boolean traced();

    /** Which way its spans leave the sandbox; by default OTLP to a collector when traced. */
    public SpanRoute route() {
        return traced() ? SpanRoute.OTLP_TO_COLLECTOR : SpanRoute.NONE;
    }

    /**
     * Installs what the contestant needs before the lab measures anything, so that an install never runs inside a
     * measured start; throws, saying why, if it cannot.
     */
    public void prepare(LabPaths paths) {
    }

    /** The event of one invocation, with Lambda's trace header: {@code GET /}, the original test's request. */
    public String event(String traceHeader) {
        return HttpApiEvents.getRoot(traceHeader);
    }

    /** What the contestant's tracing needs, given its sink's address (a URL, or host:port for UDP). */
    public abstract Map<String, String> tracingEnvironment(String sinkAddress);

    /** A JVM started as AWS's managed Java runtime starts one, with {@code -Dlab.jvm-options} for profiling. */
    public static List<String> javaRuntimeCommand(String classpath, String handler) {
        // For profiling a run, e.g. -Dlab.jvm-options=-XX:StartFlightRecording=filename=target/lab/run.jfr
        return JavaRuntime.command(classpath, handler, System.getProperty("lab.jvm-options", ""));
    }

    /** Why a contestant on the java runtime cannot run, when the function's build wrote no runtime client classpath. */
    public static Optional<String> runtimeClientMissing(LabPaths paths) {
        return paths.function().runtimeClientClasspath().isPresent() ? Optional.empty()
                : Optional.of("no runtime-client.classpath in " + paths.function().target() + ": run ./mvnw package first");
    }
}
