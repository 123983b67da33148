package dev.lambdatrace.lab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.Sandbox;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.measure.ProcessCpu;
import dev.lambdatrace.lab.measure.ProcessMemory;

/**
 * A contestant's sandbox, with what was measured of it.
 */
public final class RunningContestant implements AutoCloseable {

    public final Contestant contestant;
    public final Sandbox sandbox;
    public final RuntimeApiEndpoint endpoint;
    public final SpanSink sink;
    public final Measurements measurements = new Measurements();
    private ProcessCpu cpuAtMeasureStart;
    private ProcessCpu cpuAtLastSample;
    private int invocationsAtLastSample;
    private String failure;

    private RunningContestant(Contestant contestant, Sandbox sandbox) {
        this.contestant = contestant;
        this.sandbox = sandbox;
        this.endpoint = sandbox.endpoint();
        this.sink = sandbox.sink();
    }

    public static RunningContestant start(Contestant contestant, LabPaths paths, Vertx vertx, LabSettings settings) {
        return start(contestant, paths, vertx, settings, contestant.name());
    }

    /** As above, logging to {@code target/lab/logs/<logName>.log}. */
    public static RunningContestant start(Contestant contestant, LabPaths paths, Vertx vertx, LabSettings settings,
            String logName) {
        SpanSink sink = contestant.createSink(settings);
        Path log = paths.output().resolve("logs").resolve(logName + ".log");
        Sandbox sandbox = Sandbox.start(vertx, contestant.name(), contestant.command(paths),
                contestant.tracingEnvironment(sink.address()), sink, settings.freeze(), log);
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
        fail(exit != null ? "exited with code " + exit + " before its first /next (see target/lab/logs)"
                : "did not finish init within " + limit.toSeconds() + " s");
        return false;
    }

    /** Lambda's init duration: from process start until the runtime and every extension wait on {@code next}. */
    public double initMs() {
        return sandbox.initMs();
    }

    public void startMeasuring() throws IOException {
        cpuAtMeasureStart = ProcessCpu.read(pid());
        cpuAtLastSample = cpuAtMeasureStart;
        invocationsAtLastSample = measurements.invocations.size();
    }

    public void sample() throws IOException {
        ProcessCpu cpu = ProcessCpu.read(pid());
        int invocations = measurements.invocations.size();
        int since = Math.max(1, invocations - invocationsAtLastSample);
        measurements.samples.add(new Measurements.Sample(invocations, ProcessMemory.read(pid()).rssKb() / 1024.0,
                cpu.millisSince(cpuAtLastSample) / since));
        cpuAtLastSample = cpu;
        invocationsAtLastSample = invocations;
    }

    public double cpuMsPerMeasuredInvocation() throws IOException {
        return ProcessCpu.read(pid()).millisSince(cpuAtMeasureStart) / Math.max(1, measurements.invocations.size());
    }

    public ProcessMemory memory() throws IOException {
        return ProcessMemory.read(pid());
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
