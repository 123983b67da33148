package dev.lambdatrace.lab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;
import dev.lambdatrace.emulator.ExtensionProcess;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.Sandbox;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.measure.ProcessCpu;
import dev.lambdatrace.lab.measure.ProcessMemory;
import dev.lambdatrace.lab.measure.SandboxProcesses;

/**
 * A contestant's sandbox (the function, and the collector layer beside it when the run has one), with what was
 * measured of it.
 */
public final class RunningContestant implements AutoCloseable {

    public final Contestant contestant;
    public final Sandbox sandbox;
    public final RuntimeApiEndpoint endpoint;
    public final SpanSink sink;
    public final Measurements measurements = new Measurements();
    private final SandboxProcesses processes;
    private ProcessCpu cpuAtMeasureStart;
    private ProcessCpu sandboxCpuAtMeasureStart;
    private ProcessCpu sandboxCpuAtLastSample;
    private int invocationsAtLastSample;
    private String failure;

    private RunningContestant(Contestant contestant, Sandbox sandbox) {
        this.contestant = contestant;
        this.sandbox = sandbox;
        this.endpoint = sandbox.endpoint();
        this.sink = sandbox.sink();
        this.processes = new SandboxProcesses(sandbox.pid(),
                sandbox.beside().stream().map(ExtensionProcess::pid).toList());
    }

    public static RunningContestant start(Contestant contestant, LabPaths paths, Vertx vertx, LabSettings settings) {
        return start(contestant, paths, vertx, settings, contestant.name());
    }

    /** As above, logging to {@code target/lab/logs/<logName>.log}. */
    public static RunningContestant start(Contestant contestant, LabPaths paths, Vertx vertx, LabSettings settings,
            String logName) {
        Path logs = paths.output().resolve("logs");
        SpanDestination destination = SpanDestination.of(contestant.route(), settings,
                logs.resolve(logName + ".collector.log"));
        SpanSink sink = destination.sink();
        Sandbox sandbox = Sandbox.start(vertx, contestant.name(), contestant.command(paths),
                contestant.tracingEnvironment(sink.address()), sink, settings.freeze(),
                logs.resolve(logName + ".log"), endpoint -> {
                }, destination.inSandbox());
        return new RunningContestant(contestant, sandbox);
    }

    public String name() {
        return contestant.name();
    }

    /** Waits until the function's init is over; false if it died or took longer than the limit. */
    public boolean awaitReady(Duration limit) throws InterruptedException {
        if (sandbox.awaitReady(limit)) {
            return true;
        }
        Integer exit = sandbox.exitCode(Duration.ZERO);
        fail(sandbox.besideFailure().map(why -> "its collector layer failed: " + why)
                .orElse(exit != null ? "exited with code " + exit + " before its first /next (see target/lab/logs)"
                        : "did not finish init within " + limit.toSeconds() + " s"));
        return false;
    }

    /** Lambda's init duration: from process start until the runtime and every extension wait on {@code next}. */
    public double initMs() {
        return sandbox.initMs();
    }

    public void startMeasuring() throws IOException {
        cpuAtMeasureStart = processes.functionCpu();
        sandboxCpuAtMeasureStart = processes.sandboxCpu();
        sandboxCpuAtLastSample = sandboxCpuAtMeasureStart;
        invocationsAtLastSample = measurements.invocations.size();
    }

    /** One sample of the whole sandbox, as Lambda Insights takes one. */
    public void sample() throws IOException {
        ProcessCpu cpu = processes.sandboxCpu();
        int invocations = measurements.invocations.size();
        int since = Math.max(1, invocations - invocationsAtLastSample);
        measurements.samples.add(new Measurements.Sample(invocations, processes.sandboxMemory().rssKb() / 1024.0,
                cpu.millisSince(sandboxCpuAtLastSample) / since));
        sandboxCpuAtLastSample = cpu;
        invocationsAtLastSample = invocations;
    }

    /** The function process's own CPU time per measured invocation. */
    public double cpuMsPerMeasuredInvocation() throws IOException {
        return processes.functionCpu().millisSince(cpuAtMeasureStart) / Math.max(1, measurements.invocations.size());
    }

    /** The whole sandbox's CPU time per measured invocation: the function's and its collector layer's. */
    public double sandboxCpuMsPerMeasuredInvocation() throws IOException {
        return processes.sandboxCpu().millisSince(sandboxCpuAtMeasureStart)
                / Math.max(1, measurements.invocations.size());
    }

    /** The function process's own memory. */
    public ProcessMemory memory() throws IOException {
        return processes.functionMemory();
    }

    /** The sandbox's: each figure summed over its processes (see {@link SandboxProcesses}). */
    public ProcessMemory sandboxMemory() throws IOException {
        return processes.sandboxMemory();
    }

    public long pid() {
        return sandbox.pid();
    }

    public boolean alive() {
        return failure == null && sandbox.alive();
    }

    public void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
