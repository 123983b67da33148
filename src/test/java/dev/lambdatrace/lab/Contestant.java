package dev.lambdatrace.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.collector.SpanSink;

/**
 * One function under test, started as its own process in its own {@link Sandbox}.
 */
abstract class Contestant {

    static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final String name;

    Contestant(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** One line for the report. */
    abstract String description();

    /** Empty when the contestant can run; otherwise why it is skipped. */
    abstract Optional<String> unavailableReason(LabPaths paths);

    abstract List<String> command(LabPaths paths);

    /** Whether every invocation should deliver a span to the sink. */
    abstract boolean traced();

    /** Where the contestant's spans go; by default an OTLP receiver that behaves as the lab's collector mode says. */
    SpanSink createSink(LabSettings settings) {
        return TracingRole.TRACED.createSink(settings);
    }

    /** What the contestant's tracing needs, given its sink's address (a URL, or host:port for UDP). */
    abstract Map<String, String> tracingEnvironment(String sinkAddress);

    /**
     * The options seen on AWS's managed java17 runtime for a 512 MB function: C1 only (documented by AWS), serial GC,
     * class data sharing, and a heap of 85% of the memory size. {@code MaxRAM} makes the JVM size everything else
     * (initial heap, young generation) as it would in a 512 MB sandbox rather than on this machine.
     */
    static List<String> lambdaJvmOptions() {
        List<String> options = new java.util.ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-XX:MaxHeapSize=445645k", "-XX:MaxRAM=" + Sandbox.MEMORY_MB + "m"));
        // For profiling a run, e.g. -Dlab.jvm-options=-XX:StartFlightRecording=filename=target/lab/run.jfr
        String extra = System.getProperty("lab.jvm-options", "");
        if (!extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }

    /** A JVM started the way AWS's managed Java runtime starts one: its runtime client, given the handler. */
    static List<String> runtimeClientCommand(String classpath, String handler) {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(lambdaJvmOptions());
        command.add("-cp");
        command.add(classpath);
        command.add(RUNTIME_CLIENT_MAIN);
        command.add(handler);
        return command;
    }
}
