package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.Lab;
import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabResults;

/**
 * Small lab runs against the packaged function (and the native executable, when one was built), with sandboxes
 * frozen while idle: every contestant that runs answers every invocation with 200, this project's spans are all
 * delivered before the sandbox could freeze, and the report says what became of stock Quarkus' spans.
 */
class LabRunIT {

    static final LabPaths PATHS = LabPaths.ofBuild();

    @Test
    void smallFrozenRunMeasuresEveryContestantAndThisProjectDeliversEverySpanBeforeTheFreeze() throws Exception {
        // given
        LabSettings settings = settings(40, List.of("traced", "traced-after", "traced-udp", "baseline",
                "quarkus-stock", "native-traced", "native-traced-after", "native-baseline"));
        List<String> progress = new ArrayList<>();

        // when
        LabRun run = new LabRun(PATHS, settings, progress::add);
        LabResults results = run.execute(Contestants.named(settings.contestants()));
        Lab.write(PATHS.output().resolve("it"), results, run);

        // then
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                assertTrue(result.name().startsWith("native"), result.name() + " skipped: " + result.skipped());
                assertTrue(progress.stream().anyMatch(line -> line.startsWith("skipping " + result.name())));
                continue;
            }
            assertEquals(null, result.failure(), result.name());
            assertEquals(40, result.invocations(), result.name());
            assertEquals(0, result.non200() + result.errors(), result.name());
            assertTrue(result.initMs() > 0 && result.peakRssMb() > 0 && result.cpuMsPerInvocation() > 0,
                    result.toString());
            assertTrue(result.done().p50() >= result.duration().p50(), result.name() + ": done before the response");
            if (result.traced() && !result.name().equals("quarkus-stock")) {
                assertEquals(40, result.spansDelivered(), result.name() + ": " + result.spansLate() + " late, "
                        + result.spansLost() + " lost");
            }
        }
        Path output = PATHS.output().resolve("it");
        for (String file : List.of("results.json", "report.md", "memory.png", "cpu.png", "duration.png", "done.png",
                "latency-cdf.png")) {
            assertTrue(Files.size(output.resolve(file)) > 0, file);
        }
        String report = Files.readString(output.resolve("report.md"));
        assertTrue(report.contains("## traced against baseline"), report);
        // Whether stock Quarkus loses spans under freezing is its finding, reported, not a test of ours.
        assertTrue(report.contains("**Stock Quarkus** (`quarkus.otel.simple=true`"), report);
    }

    @Test
    void collectorThatClosesIdleConnectionsStillGetsEverySpanAfterLongGaps() throws Exception {
        // given: the sink closes connections idle for 50 ms, and each sandbox sleeps frozen for 300 ms
        LabSettings settings = settings(8, List.of("traced", "traced-after", "native-traced", "native-traced-after"))
                .withIdleGap(Duration.ofMillis(300)).withSinkIdleTimeout(Duration.ofMillis(50));

        // when
        LabResults results = new LabRun(PATHS, settings, line -> {
        }).execute(Contestants.named(settings.contestants()));

        // then
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() == null) {
                assertEquals(null, result.failure(), result.name());
                assertEquals(8, result.spansDelivered(), result.name() + ": " + result.spansLate() + " late, "
                        + result.spansLost() + " lost");
            }
        }
    }

    @Test
    void initAndFirstInvocationAreTheMediansOfAsManyColdStartsAsAsked() throws Exception {
        // given
        LabSettings settings = settings(2, List.of("upstream-baseline")).withColdStarts(3);

        // when
        ContestantResult result = new LabRun(PATHS, settings, line -> {
        }).execute(Contestants.named(settings.contestants())).contestant("upstream-baseline").orElseThrow();

        // then
        assertEquals(null, result.failure());
        assertEquals(3, result.coldStartInitsMs().size(), result.coldStartInitsMs().toString());
        List<Double> sorted = result.coldStartInitsMs().stream().sorted().toList();
        assertEquals(sorted.get(1), result.initMs(), 1e-9);
        assertTrue(result.firstInvocationMs() > 0);
        for (int start = 1; start < 3; start++) {
            assertTrue(Files.exists(PATHS.output().resolve("logs").resolve("upstream-baseline-cold-start-" + start
                    + ".log")));
        }
    }

    static LabSettings settings(int invocations, List<String> contestants) {
        return LabSettings.small(invocations, contestants);
    }
}
