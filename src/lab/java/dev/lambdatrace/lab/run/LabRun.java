package dev.lambdatrace.lab.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lambdatrace.collector.ReceivedSpan;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.measure.Percentiles;
import dev.lambdatrace.lab.measure.ProcessMemory;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabEnvironment;
import dev.lambdatrace.lab.report.LabResults;

/**
 * Runs the contestants at concurrency 1, interleaved (A, B, C, A, B, C ...) so machine noise hits all alike, each in
 * a sandbox that Lambda's way freezes while idle, and measures each the way the original test read Lambda Insights.
 */
public final class LabRun {

    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final LabPaths paths;
    private final LabSettings settings;
    private final Consumer<String> progress;
    private BiConsumer<Integer, Map<String, RunningContestant>> beforeRound = (round, running) -> {
    };
    private final Map<String, Measurements> measurements = new LinkedHashMap<>();
    // Init and first-invocation times of every cold start, by contestant.
    private final Map<String, List<Double>> initsMs = new LinkedHashMap<>();
    private final Map<String, List<Double>> firstInvocationsMs = new LinkedHashMap<>();

    public LabRun(LabPaths paths, LabSettings settings, Consumer<String> progress) {
        this.paths = paths;
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs before each measured round (0-based); the lab's tests use it to break things mid-run. */
    public LabRun beforeRound(BiConsumer<Integer, Map<String, RunningContestant>> hook) {
        this.beforeRound = hook;
        return this;
    }

    public LabResults execute(List<Contestant> contestants) throws Exception {
        Vertx vertx = Vertx.vertx();
        Map<String, RunningContestant> running = new LinkedHashMap<>();
        List<ContestantResult> results = new ArrayList<>();
        try {
            for (Contestant contestant : contestants) {
                if (contestant.unavailableReason(paths).isEmpty()) {
                    contestant.prepare(paths);
                }
            }
            LabWarmUp.run(vertx);
            startPilot(contestants, vertx);
            measureExtraColdStarts(contestants, vertx);
            for (Contestant contestant : contestants) {
                var reason = contestant.unavailableReason(paths);
                if (reason.isPresent()) {
                    progress.accept("skipping " + contestant.name() + ": " + reason.get());
                    results.add(ContestantResult.skipped(contestant, reason.get()));
                    continue;
                }
                // One at a time, so each init is measured alone, as a cold start is.
                RunningContestant started = RunningContestant.start(contestant, paths, vertx, settings);
                running.put(contestant.name(), started);
                if (started.awaitReady(READY_LIMIT)) {
                    initsMs.computeIfAbsent(contestant.name(), name -> new ArrayList<>()).add(started.initMs());
                    progress.accept(String.format("%s ready after %.0f ms (pid %d)", contestant.name(),
                            started.initMs(), started.pid()));
                } else {
                    progress.accept(contestant.name() + " failed: " + started.failure());
                }
            }
            for (int round = 0; round < settings.warmup(); round++) {
                invokeEach(running, false);
            }
            progress.accept("warm-up of " + settings.warmup() + " invocations each done; measuring "
                    + settings.invocations());
            for (RunningContestant contestant : running.values()) {
                if (contestant.alive()) {
                    contestant.startMeasuring();
                }
            }
            int progressEvery = Math.max(1, settings.invocations() / 10);
            for (int round = 0; round < settings.invocations(); round++) {
                beforeRound.accept(round, running);
                invokeEach(running, true);
                if ((round + 1) % settings.sampleEvery() == 0) {
                    sampleEach(running);
                }
                if ((round + 1) % progressEvery == 0 || round + 1 == settings.invocations()) {
                    progress.accept(progressLine(round + 1, running));
                }
            }
            Map<String, EndFigures> endFigures = new LinkedHashMap<>();
            for (RunningContestant contestant : running.values()) {
                endFigures.put(contestant.name(), endFigures(contestant));
            }
            // As Lambda ends a sandbox: thawed, SHUTDOWN to external extensions, SIGTERM; then a grace for spans
            // that are still on their way. What has not arrived by then is lost.
            for (RunningContestant contestant : running.values()) {
                contestant.sandbox.terminate(LabSettings.END_GRACE);
            }
            Thread.sleep(LabSettings.END_GRACE.toMillis());
            for (RunningContestant contestant : running.values()) {
                results.add(result(contestant, endFigures.get(contestant.name())));
                measurements.put(contestant.name(), contestant.measurements);
            }
        } finally {
            running.values().forEach(RunningContestant::close);
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        List<String> order = contestants.stream().map(Contestant::name).toList();
        results.sort((a, b) -> Integer.compare(order.indexOf(a.name()), order.indexOf(b.name())));
        return new LabResults(LabEnvironment.machine(), LabEnvironment.versions(paths), settings, results);
    }

    /**
     * Starts the first contestant that can run once, unmeasured, and ends it: whichever contestant the lab starts
     * first inits 15 to 40 ms slower on this machine, and that is the lab's cost, not the contestant's.
     */
    private void startPilot(List<Contestant> contestants, Vertx vertx) throws InterruptedException {
        for (Contestant contestant : contestants) {
            if (contestant.unavailableReason(paths).isEmpty()) {
                try (RunningContestant pilot = RunningContestant.start(contestant, paths, vertx,
                        settings.withFreeze(false), "pilot")) {
                    pilot.awaitReady(READY_LIMIT);
                }
                return;
            }
        }
    }

    /**
     * Starts each contestant {@code coldStarts − 1} more times before the measured run, interleaved, each until its
     * first invocation has answered: init varies by tens of ms from one start to the next on this machine, so the
     * report gives the median of all starts rather than one.
     */
    private void measureExtraColdStarts(List<Contestant> contestants, Vertx vertx) throws InterruptedException {
        for (int start = 1; start < settings.coldStarts(); start++) {
            for (Contestant contestant : contestants) {
                if (contestant.unavailableReason(paths).isPresent()) {
                    continue;
                }
                try (RunningContestant cold = RunningContestant.start(contestant, paths, vertx, settings,
                        contestant.name() + "-cold-start-" + start)) {
                    if (!cold.awaitReady(READY_LIMIT)) {
                        progress.accept(contestant.name() + " cold start " + start + " failed: " + cold.failure());
                        continue;
                    }
                    String header = HttpApiEvents.sampledTraceHeader();
                    Invocation first = cold.endpoint.invoke(contestant.event(header), header)
                            .get(settings.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    initsMs.computeIfAbsent(contestant.name(), name -> new ArrayList<>()).add(cold.initMs());
                    firstInvocationsMs.computeIfAbsent(contestant.name(), name -> new ArrayList<>())
                            .add(first.responseNanos() / 1e6);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    progress.accept(contestant.name() + " cold start " + start + " failed: " + e);
                }
            }
        }
        if (settings.coldStarts() > 1) {
            progress.accept("cold starts measured: " + initsMs.entrySet().stream()
                    .map(entry -> String.format("%s %.0f ms", entry.getKey(), Percentiles.of(entry.getValue()).p50()))
                    .collect(Collectors.joining(", ")) + " (median init so far)");
        }
    }

    /** The raw per-invocation figures of the last run, by contestant, for the charts. */
    public Map<String, Measurements> measurements() {
        return measurements;
    }

    private void invokeEach(Map<String, RunningContestant> running, boolean measured) throws InterruptedException {
        for (RunningContestant contestant : running.values()) {
            if (!contestant.alive()) {
                continue;
            }
            Measurements measurements = contestant.measurements;
            // Each sandbox stays idle (and frozen) at least the gap, as between the original test's requests.
            long idleFor = System.nanoTime() - measurements.lastDoneAtNanos;
            if (measurements.lastDoneAtNanos != 0 && idleFor < settings.idleGap().toNanos()) {
                TimeUnit.NANOSECONDS.sleep(settings.idleGap().toNanos() - idleFor);
            }
            String traceHeader = HttpApiEvents.sampledTraceHeader();
            long queuedAt = System.nanoTime();
            Invocation invocation;
            try {
                invocation = contestant.endpoint.invoke(contestant.contestant.event(traceHeader), traceHeader)
                        .get(settings.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                measurements.timeouts++;
                contestant.fail("an invocation took longer than " + settings.invocationTimeout().toSeconds() + " s");
                continue;
            } catch (java.util.concurrent.ExecutionException e) {
                contestant.fail("invocation failed: " + e.getCause());
                continue;
            }
            measurements.lastDoneAtNanos = invocation.doneAtNanos();
            if (Double.isNaN(measurements.firstInvocationMs)) {
                measurements.firstInvocationMs = invocation.responseNanos() / 1e6;
                firstInvocationsMs.computeIfAbsent(contestant.name(), name -> new ArrayList<>())
                        .add(measurements.firstInvocationMs);
            }
            if (!measured) {
                continue;
            }
            measurements.invocations.add(invocation);
            measurements.durationsMs.add(invocation.responseNanos() / 1e6);
            measurements.doneMs.add(invocation.doneNanos() / 1e6);
            measurements.clientLatenciesMs.add((invocation.respondedAtNanos() - queuedAt) / 1e6);
            if (invocation.error()) {
                measurements.errors++;
            } else if (statusCode(invocation.body()) != 200) {
                measurements.non200++;
            }
        }
    }

    private void sampleEach(Map<String, RunningContestant> running) {
        for (RunningContestant contestant : running.values()) {
            try {
                if (contestant.alive()) {
                    contestant.sample();
                }
            } catch (IOException e) {
                contestant.fail("could not read /proc: " + e.getMessage());
            }
        }
    }

    private static String progressLine(int round, Map<String, RunningContestant> running) {
        return "invocations done: " + running.values().stream()
                .map(contestant -> contestant.name() + " " + contestant.measurements.invocations.size()
                        + (contestant.alive() ? "" : " (stopped)"))
                .collect(Collectors.joining(", ")) + "  [round " + round + "]";
    }

    /** Memory and CPU at the end of the measurement, the function's own and the whole sandbox's. */
    private record EndFigures(double peakRssMb, double endRssMb, double cpuMsPerInvocation, double sandboxPeakMb,
            double sandboxCpuMsPerInvocation) {
    }

    /** Read while the processes still run, before they are terminated. */
    private static EndFigures endFigures(RunningContestant contestant) {
        try {
            if (contestant.alive()) {
                ProcessMemory memory = contestant.memory();
                return new EndFigures(memory.peakRssKb() / 1024.0, memory.rssKb() / 1024.0,
                        contestant.cpuMsPerMeasuredInvocation(), contestant.sandboxMemory().peakRssKb() / 1024.0,
                        contestant.sandboxCpuMsPerMeasuredInvocation());
            }
        } catch (IOException e) {
            contestant.fail("could not read /proc: " + e.getMessage());
        }
        return new EndFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private ContestantResult result(RunningContestant contestant, EndFigures end) {
        Measurements measured = contestant.measurements;
        int delivered = 0;
        int late = 0;
        int lost = 0;
        if (contestant.contestant.traced()) {
            Map<String, Long> firstArrival = new LinkedHashMap<>();
            for (ReceivedSpan span : contestant.sink.spans()) {
                firstArrival.merge(span.traceId(), span.receivedAtNanos(), Math::min);
            }
            for (Invocation invocation : measured.invocations) {
                Long arrival = firstArrival.get(HttpApiEvents.traceIdOf(invocation.traceHeader()));
                if (arrival == null) {
                    lost++;
                } else if (arrival < invocation.doneAtNanos()) {
                    delivered++;
                } else {
                    late++;
                }
            }
        } else if (!contestant.sink.spans().isEmpty()) {
            contestant.fail("tracing is off, yet " + contestant.sink.spans().size() + " spans reached its sink");
        }
        List<Double> inits = initsMs.getOrDefault(contestant.name(), List.of());
        return new ContestantResult(contestant.name(), contestant.contestant.description(), null,
                contestant.failure(), Percentiles.of(inits).p50(),
                Percentiles.of(firstInvocationsMs.getOrDefault(contestant.name(), List.of())).p50(),
                measured.invocations.size(), measured.non200, measured.errors, measured.timeouts,
                Percentiles.of(measured.durationsMs), Percentiles.of(measured.doneMs),
                Percentiles.of(measured.clientLatenciesMs), end.peakRssMb(), end.endRssMb(), end.cpuMsPerInvocation(),
                end.sandboxPeakMb(), end.sandboxCpuMsPerInvocation(), !contestant.sandbox.beside().isEmpty(),
                contestant.contestant.traced(), delivered, late, lost, List.copyOf(measured.samples),
                List.copyOf(inits));
    }

    private static int statusCode(String body) {
        try {
            return new JsonObject(body).getInteger("statusCode", -1);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
