package dev.lambdatrace.lab.managed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.measure.Percentiles;

/**
 * The lab on Lambda Managed Instances: each contestant ({@link ManagedContestant}) under AWS's emulator in its Managed
 * Instances mode, at each concurrency, with as many callers as workers, traced against baseline in the same run; then
 * a shutdown in the middle of traffic for each traced contestant, and the executable's init in both modes. Run with
 * {@code ./mvnw -Plab-managed verify}; settings: {@code lab.managed.concurrency} (1,4,16),
 * {@code lab.managed.seconds} (10 per window), {@code lab.managed.runtimes} (native), {@code lab.xray-delay-ms} (10).
 */
public final class ManagedInstancesLab {

    private static final Pattern STARTED = Pattern.compile("started in (\\d+\\.\\d+)s");
    private static final int INIT_STARTS = 5;
    private static final int SLICES = 5;

    public static void main(String[] args) throws Exception {
        // "none" measures the init alone.
        List<Integer> concurrencies = Arrays.stream(System.getProperty("lab.managed.concurrency", "1,4,16")
                .split(",")).map(String::trim).filter(value -> !value.equals("none")).map(Integer::parseInt).toList();
        Duration window = Duration.ofSeconds(Long.parseLong(System.getProperty("lab.managed.seconds", "10").trim()));
        Duration warmUp = Duration.ofSeconds(Math.max(2, window.toSeconds() / 3));
        Duration xrayDelay = Duration.ofMillis(Long.parseLong(System.getProperty("lab.xray-delay-ms", "10").trim()));
        List<LambdaRuntime> runtimes = Arrays.stream(System.getProperty("lab.managed.runtimes", "native").split(","))
                .map(String::trim).map(name -> name.equals("jvm") ? LambdaRuntime.JAVA : LambdaRuntime.PROVIDED_AL2023)
                .toList();
        Path output = LabPaths.ofBuild().output().resolve("managed-instances");
        Files.createDirectories(output);

        List<ManagedRun.Result> results = new ArrayList<>();
        for (LambdaRuntime runtime : runtimes) {
            for (int concurrency : concurrencies) {
                results.addAll(interleaved(runtime, concurrency, warmUp, window, xrayDelay));
            }
            int highest = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(0);
            for (ManagedContestant contestant : ManagedContestant.ALL) {
                if (contestant.traced() && highest > 0) {
                    results.add(shutdownMidway(contestant, runtime, highest, warmUp, window, xrayDelay));
                }
            }
        }
        List<String> init = initInBothModes();
        String report = ManagedInstancesReport.markdown(results, init, window, xrayDelay);
        Files.writeString(output.resolve("report.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("lab: wrote " + output.resolve("report.md"));
    }

    /**
     * Every contestant at one concurrency, each in its own emulator, all started and warmed up, then measured in
     * slices that alternate (A, B, C, D, A, B, ...), so that the machine's noise hits all alike.
     */
    private static List<ManagedRun.Result> interleaved(LambdaRuntime runtime, int concurrency, Duration warmUp,
            Duration window, Duration xrayDelay) throws Exception {
        System.out.printf("lab: %s at concurrency %d, %d contestants in alternating slices%n", runtime.shortName(),
                concurrency, ManagedContestant.ALL.size());
        List<ManagedRun> runs = new ArrayList<>();
        try {
            for (ManagedContestant contestant : ManagedContestant.ALL) {
                runs.add(new ManagedRun(contestant, runtime, concurrency, xrayDelay));
            }
            for (ManagedRun run : runs) {
                run.warmUp(warmUp);
            }
            Duration slice = window.dividedBy(SLICES);
            for (int i = 0; i < SLICES; i++) {
                for (ManagedRun run : runs) {
                    run.measureSlice(slice);
                }
            }
            List<ManagedRun.Result> results = new ArrayList<>();
            for (ManagedRun run : runs) {
                ManagedRun.Result result = run.result();
                System.out.printf(Locale.ROOT, "lab:   %s: %d answered, %.0f/s, p50 %.3f ms, p99 %.3f ms, %.3f ms CPU "
                        + "each, peak RSS %d kB, %d lost%n", result.contestant(), result.answered(),
                        result.perSecond(), result.responseMillis().p50(), result.responseMillis().p99(),
                        result.cpuMillisPerInvocation(), result.peakRssKb(), result.lost());
                results.add(result);
            }
            return results;
        } finally {
            runs.forEach(ManagedRun::close);
        }
    }

    private static ManagedRun.Result shutdownMidway(ManagedContestant contestant, LambdaRuntime runtime,
            int concurrency, Duration warmUp, Duration window, Duration xrayDelay) throws Exception {
        System.out.printf("lab: %s %s at concurrency %d, SIGTERM halfway%n", runtime.shortName(), contestant.name(),
                concurrency);
        try (ManagedRun run = new ManagedRun(contestant, runtime, concurrency, xrayDelay)) {
            run.warmUp(warmUp);
            ManagedRun.Result result = run.shutdownMidway(window);
            System.out.printf("lab:   %d answered before the shutdown, %d lost%n", result.answered(), result.lost());
            return result;
        }
    }

    /**
     * The executable's own init ("started in"), the median of five starts, classic against Managed Instances, traced
     * and with tracing off: the emulator's Managed Instances mode (another user, a mounted /var/task) costs some of the
     * difference whatever the function does.
     */
    private static List<String> initInBothModes() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String variant : List.of("classic", "classic, tracing off", "managed", "managed, tracing off")) {
            boolean managed = variant.startsWith("managed");
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < INIT_STARTS; i++) {
                String name = "lab-init-" + variant.replaceAll("[^a-z]+", "-") + "-" + i;
                Map<String, String> environment = new HashMap<>(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                        "http://127.0.0.1:9/v1/traces"));
                if (variant.endsWith("tracing off")) {
                    environment.put("QUARKUS_OTEL_SDK_DISABLED", "true");
                }
                try (RuntimeInterfaceEmulator rie = managed
                        ? RuntimeInterfaceEmulator.startManagedInstances(LambdaRuntime.PROVIDED_AL2023,
                                FunctionArtifacts.ofBuild(), name, 16, environment)
                        : RuntimeInterfaceEmulator.start(LambdaRuntime.PROVIDED_AL2023, FunctionArtifacts.ofBuild(),
                                name, environment)) {
                    String header = HttpApiEvents.sampledTraceHeader();
                    rie.invoke(HttpApiEvents.getRoot(header), Duration.ofSeconds(30));
                    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    Matcher started = STARTED.matcher(rie.output());
                    while (!started.find() && System.nanoTime() < until) {
                        Thread.sleep(50);
                        started = STARTED.matcher(rie.output());
                    }
                    if (started.find(0)) {
                        millis.add(Double.parseDouble(started.group(1)) * 1000);
                    } else {
                        System.out.println("lab: no \"started in\" line from " + name + ": " + rie.output());
                    }
                }
            }
            Percentiles init = Percentiles.of(millis);
            lines.add(String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms |", managed
                    ? variant.replace("managed", "Managed Instances (16 workers)") : variant, init.count(), init.p50(),
                    init.max()));
        }
        return lines;
    }

    private ManagedInstancesLab() {
    }
}
