package dev.lambdatrace.lab.managed;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.lab.FreshExecutable;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.measure.Percentiles;
import dev.lambdatrace.lab.measure.ProcessCpu;
import dev.lambdatrace.lab.measure.ProcessMemory;

/**
 * One contestant at one concurrency under AWS's emulator in its Managed Instances mode: its sink, the emulator with
 * the function as its bootstrap, a warm-up, then a measured window of concurrent load (or, with a shutdown, SIGTERM to
 * the emulator halfway through it), and what reached the sink, matched to the invocations answered by request ID.
 */
final class ManagedRun implements AutoCloseable {

    /** What one run measured. */
    record Result(String contestant, LambdaRuntime runtime, int concurrency, boolean shutdownMidway, long answered,
            double perSecond, Percentiles responseMillis, double cpuMillisPerInvocation, long peakRssKb, long refused,
            long failed, double longestMillis, long delivered, long lost) {
    }

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    private final ManagedContestant contestant;
    private final LambdaRuntime runtime;
    private final int concurrency;
    private final XrayUdpReceiver udp;
    private final CollectorLayer collector;
    private final Thread udpCollector;
    private final RuntimeInterfaceEmulator rie;
    private volatile boolean closed;

    ManagedRun(ManagedContestant contestant, LambdaRuntime runtime, int concurrency, Duration xrayDelay) {
        this.contestant = contestant;
        this.runtime = runtime;
        this.concurrency = concurrency;
        this.udp = contestant.sink().equals("udp") ? XrayUdpReceiver.start(0) : null;
        this.collector = contestant.sink().equals("collector")
                ? OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start().delay(xrayDelay), Map.of())
                : null;
        Map<String, String> environment = new HashMap<>(contestant.environment());
        if (udp != null) {
            environment.put("QUARKUS_LAMBDA_TRACING_XRAY_DAEMON_ADDRESS", udp.address());
        }
        environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                collector != null ? collector.address() : "http://127.0.0.1:9/v1/traces");
        // The kernel queues datagrams only so far: the daemon's side is drained all the time, as the daemon does.
        this.udpCollector = new Thread(() -> {
            while (udp != null && !closed) {
                udp.collect();
                sleep(5);
            }
        }, "udp-collector");
        udpCollector.setDaemon(true);
        udpCollector.start();
        String name = "lab-" + runtime.shortName() + "-" + contestant.name() + "-" + concurrency;
        FunctionArtifacts build = FunctionArtifacts.ofBuild();
        this.rie = RuntimeInterfaceEmulator.startManagedInstances(runtime, runtime == LambdaRuntime.JAVA ? build
                : FreshExecutable.of(build, LabPaths.ofBuild().executableCopies(name)), name,
                concurrency, environment);
    }

    private final List<Long> latencies = new ArrayList<>();
    private final Set<String> answered = new HashSet<>();
    private Set<String> deliveredBefore = Set.of();
    private long refused;
    private long failed;
    private long longestNanos;
    private long elapsedNanos;
    private double cpuMillis;
    private long peakRssKb;

    /** Warms up: the spans of these invocations are not counted. */
    void warmUp(Duration warmUp) throws InterruptedException {
        new ConcurrentLoad(rie, concurrency).run(warmUp);
        deliveredBefore = awaitQuiet();
    }

    /** One slice of the measured load; slices of every contestant alternate, so that machine noise hits all alike. */
    void measureSlice(Duration slice) throws IOException, InterruptedException {
        long pid = functionPid();
        ProcessCpu before = ProcessCpu.read(pid);
        ConcurrentLoad.Outcome outcome = new ConcurrentLoad(rie, concurrency).run(slice);
        cpuMillis += ProcessCpu.read(pid).millisSince(before);
        peakRssKb = ProcessMemory.read(pid).peakRssKb();
        latencies.addAll(outcome.latenciesNanos());
        answered.addAll(outcome.answered());
        refused += outcome.refused();
        failed += outcome.failed();
        longestNanos = Math.max(longestNanos, outcome.longestNanos());
        elapsedNanos += outcome.elapsed().toNanos();
    }

    /** What the slices measured, with the spans of their invocations matched at the sink. */
    Result result() throws InterruptedException {
        Set<String> reached = awaitDelivery(answered, deliveredBefore);
        long lost = contestant.traced() ? answered.stream().filter(id -> !reached.contains(id)).count() : 0;
        return new Result(contestant.name(), runtime, concurrency, false, answered.size(),
                answered.size() / (elapsedNanos / 1e9), Percentiles.of(latencies.stream().map(n -> n / 1e6).toList()),
                cpuMillis / Math.max(1, answered.size()), peakRssKb, refused, failed, longestNanos / 1e6,
                contestant.traced() ? reached.size() : 0, lost);
    }

    /** Load for {@code window}, with SIGTERM to the emulator halfway through it; what reached the sink of it. */
    Result shutdownMidway(Duration window) throws IOException, InterruptedException {
        long pid = functionPid();
        ProcessCpu cpuBefore = ProcessCpu.read(pid);
        ConcurrentLoad load = new ConcurrentLoad(rie, concurrency);
        ProcessCpu[] cpuAtStop = new ProcessCpu[1];
        long[] peakAtStop = new long[1];
        Thread stopper = new Thread(() -> {
            sleep(window.toMillis() / 2);
            try {
                cpuAtStop[0] = ProcessCpu.read(pid);
                peakAtStop[0] = ProcessMemory.read(pid).peakRssKb();
            } catch (IOException e) {
                // The function is gone already; its figures are not.
            }
            rie.shutdown(Duration.ofSeconds(10));
            load.stop();
        }, "shutdown");
        stopper.start();
        ConcurrentLoad.Outcome outcome = load.run(window);
        stopper.join();
        Set<String> reached = awaitDelivery(outcome.answered(), deliveredBefore);
        long lost = outcome.answered().stream().filter(id -> !reached.contains(id)).count();
        double cpu = cpuAtStop[0] == null ? Double.NaN
                : cpuAtStop[0].millisSince(cpuBefore) / Math.max(1, outcome.answered().size());
        return new Result(contestant.name(), runtime, concurrency, true, outcome.answered().size(),
                outcome.perSecond(), Percentiles.of(outcome.latenciesNanos().stream().map(n -> n / 1e6).toList()),
                cpu, peakAtStop[0], outcome.refused(), outcome.failed(), outcome.longestNanos() / 1e6, reached.size(),
                lost);
    }

    private long functionPid() {
        return rie.runtimeProcess().orElseThrow(() -> new IllegalStateException("no function process: "
                + rie.output())).pid();
    }

    /** What the sink has once nothing more comes for 3 s. */
    private Set<String> awaitQuiet() throws InterruptedException {
        Set<String> seen = delivered();
        long quietSince = System.nanoTime();
        long until = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (contestant.traced() && System.nanoTime() < until
                && System.nanoTime() - quietSince < Duration.ofMillis(1_500).toNanos()) {
            Thread.sleep(100);
            Set<String> now = delivered();
            if (now.size() != seen.size()) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
        return seen;
    }

    /** The answered invocations whose spans reached the sink, once every one has or nothing more comes. */
    private Set<String> awaitDelivery(Set<String> answered, Set<String> before) throws InterruptedException {
        if (!contestant.traced()) {
            return Set.of();
        }
        long until = System.nanoTime() + SETTLE_LIMIT.toNanos();
        Set<String> reached = new HashSet<>();
        int lastCount = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < until) {
            reached = new HashSet<>(delivered());
            reached.removeAll(before);
            reached.retainAll(answered);
            if (reached.size() == answered.size()) {
                break;
            }
            if (reached.size() != lastCount) {
                lastCount = reached.size();
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                break;
            }
            Thread.sleep(50);
        }
        return reached;
    }

    /** The invocation IDs of every span the sink has. */
    private Set<String> delivered() {
        Set<String> ids = new HashSet<>();
        if (udp != null) {
            for (ReceivedSpan span : udp.spans()) {
                Object id = span.attribute("faas.invocation_id");
                if (id != null) {
                    ids.add(id.toString());
                }
            }
        }
        if (collector != null) {
            for (XraySegment segment : collector.xray().segments()) {
                Object id = segment.metadata().get("faas.invocation_id");
                if (id != null) {
                    ids.add(id.toString());
                }
            }
        }
        return ids;
    }

    String output() {
        return rie.output();
    }

    @Override
    public void close() {
        closed = true;
        rie.close();
        if (udp != null) {
            udp.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
