package dev.lambdatrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;

/**
 * A contestant's process, with its own Runtime API endpoint and collector sink, and what was measured of it.
 */
final class RunningContestant implements AutoCloseable {

    final Contestant contestant;
    final RuntimeApiEndpoint endpoint;
    final SpanSink sink;
    final Measurements measurements = new Measurements();
    private final Process process;
    private final long startedAtNanos;
    private ProcessCpu cpuAtMeasureStart;
    private ProcessCpu cpuAtLastSample;
    private int invocationsAtLastSample;
    private String failure;

    private RunningContestant(Contestant contestant, RuntimeApiEndpoint endpoint, SpanSink sink, Process process,
            long startedAtNanos) {
        this.contestant = contestant;
        this.endpoint = endpoint;
        this.sink = sink;
        this.process = process;
        this.startedAtNanos = startedAtNanos;
    }

    static RunningContestant start(Contestant contestant, LabPaths paths, Vertx vertx, LabSettings settings)
            throws IOException {
        RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint(vertx, contestant.name());
        SpanSink sink = contestant.createSink(settings);
        Path log = paths.output().resolve("logs").resolve(contestant.name() + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(contestant.command(paths))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(contestant.environment(endpoint.address(), sink.address()));
        PageCache.warm(builder.command());
        long startedAt = System.nanoTime();
        return new RunningContestant(contestant, endpoint, sink, builder.start(), startedAt);
    }

    String name() {
        return contestant.name();
    }

    /** Waits until the function asks for its first event; false if it died or took longer than the limit. */
    boolean awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (endpoint.firstNextAtNanos() == 0) {
            if (!process.isAlive()) {
                fail("exited with code " + process.exitValue() + " before its first /next (see target/lab/logs)");
                return false;
            }
            if (System.nanoTime() > deadline) {
                fail("did not ask for an event within " + limit.toSeconds() + " s");
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The analogue of Lambda's init duration: from process start to the first {@code /next}. */
    double initMs() {
        return (endpoint.firstNextAtNanos() - startedAtNanos) / 1e6;
    }

    void startMeasuring() throws IOException {
        cpuAtMeasureStart = ProcessCpu.read(pid());
        cpuAtLastSample = cpuAtMeasureStart;
        invocationsAtLastSample = measurements.invocations.size();
    }

    void sample() throws IOException {
        ProcessCpu cpu = ProcessCpu.read(pid());
        int invocations = measurements.invocations.size();
        int since = Math.max(1, invocations - invocationsAtLastSample);
        measurements.samples.add(new Measurements.Sample(invocations, ProcessMemory.read(pid()).rssKb() / 1024.0,
                cpu.millisSince(cpuAtLastSample) / since));
        cpuAtLastSample = cpu;
        invocationsAtLastSample = invocations;
    }

    double cpuMsPerMeasuredInvocation() throws IOException {
        return ProcessCpu.read(pid()).millisSince(cpuAtMeasureStart) / Math.max(1, measurements.invocations.size());
    }

    ProcessMemory memory() throws IOException {
        return ProcessMemory.read(pid());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return failure == null && process.isAlive();
    }

    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        endpoint.close();
        sink.close();
    }
}
