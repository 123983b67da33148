package dev.lambdatrace.lab.managed;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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
            long delivered, long lost) {
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
            environment.put("TRACING_XRAY_DAEMON_ADDRESS", udp.address());
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
        this.rie = RuntimeInterfaceEmulator.startManagedInstances(runtime, FunctionArtifacts.ofBuild(),
                "lab-" + runtime.shortName() + "-" + contestant.name() + "-" + concurrency, concurrency,
                environment);
    }

    /** Warms up for {@code warmUp}, then measures {@code window}; with {@code shutdownMidway}, SIGTERM halfway. */
    Result measure(Duration warmUp, Duration window, boolean shutdownMidway) throws IOException,
            InterruptedException {
        new ConcurrentLoad(rie, concurrency).run(warmUp);
        Set<String> before = delivered();
        long pid = rie.runtimeProcess().orElseThrow(() -> new IllegalStateException("no function process: "
                + rie.output())).pid();
        ProcessCpu cpuBefore = ProcessCpu.read(pid);
        ConcurrentLoad load = new ConcurrentLoad(rie, concurrency);
        Thread stopper = null;
        ProcessCpu[] cpuAtStop = new ProcessCpu[1];
        long[] peakAtStop = new long[1];
        if (shutdownMidway) {
            stopper = new Thread(() -> {
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
        }
        ConcurrentLoad.Outcome outcome = load.run(window);
        ProcessCpu cpuAfter;
        long peakRssKb;
        if (stopper != null) {
            stopper.join();
            cpuAfter = cpuAtStop[0];
            peakRssKb = peakAtStop[0];
        } else {
            cpuAfter = ProcessCpu.read(pid);
            peakRssKb = ProcessMemory.read(pid).peakRssKb();
        }
        Set<String> reached = awaitDelivery(outcome.answered(), before);
        long lost = contestant.traced() ? outcome.answered().stream().filter(id -> !reached.contains(id)).count() : 0;
        double cpuMillis = cpuAfter == null ? Double.NaN
                : cpuAfter.millisSince(cpuBefore) / Math.max(1, outcome.answered().size());
        return new Result(contestant.name(), runtime, concurrency, shutdownMidway, outcome.answered().size(),
                outcome.perSecond(), Percentiles.of(outcome.latenciesNanos().stream().map(n -> n / 1e6).toList()),
                cpuMillis, peakRssKb, outcome.refused(), contestant.traced() ? reached.size() : 0, lost);
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
