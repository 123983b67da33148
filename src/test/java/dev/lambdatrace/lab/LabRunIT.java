package dev.lambdatrace.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A small lab run against the packaged function (and the native runner, when one was built): every contestant that
 * runs answers every invocation with 200, and in fast mode no traced invocation loses its span.
 */
class LabRunIT {

    static final LabPaths PATHS = LabPaths.of(Path.of("target"));

    @Test
    void smallRunMeasuresEveryContestantAndLosesNoSpan() throws Exception {
        // given
        LabSettings settings = settings(50, List.of("traced", "traced-udp", "baseline", "native-traced",
                "native-baseline"));
        List<String> progress = new ArrayList<>();

        // when
        LabRun run = new LabRun(PATHS, settings, progress::add);
        LabResults results = run.execute(Lab.contestants(settings.contestants()));
        Lab.write(PATHS.output().resolve("it"), results, run);

        // then
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                assertTrue(result.name().startsWith("native"), result.name() + " skipped: " + result.skipped());
                assertTrue(progress.stream().anyMatch(line -> line.startsWith("skipping " + result.name())));
                continue;
            }
            assertEquals(null, result.failure(), result.name());
            assertEquals(50, result.invocations(), result.name());
            assertEquals(0, result.non200() + result.errors(), result.name());
            assertTrue(result.initMs() > 0 && result.peakRssMb() > 0 && result.cpuMsPerInvocation() > 0, result.toString());
            if (result.traced()) {
                assertEquals(0, result.spansLost(), result.name());
                // -1: a sink without acknowledgements (UDP) cannot tell; XrayUdpExportTest checks that path.
                assertTrue(result.spansLate() <= 0, result.name() + ": a span arrived after its response");
            }
        }
        Path output = PATHS.output().resolve("it");
        for (String file : List.of("results.json", "report.md", "memory.png", "cpu.png", "duration.png",
                "latency-cdf.png")) {
            assertTrue(Files.size(output.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(output.resolve("report.md")).contains("## traced against baseline"));
    }

    static LabSettings settings(int invocations, List<String> contestants) {
        return new LabSettings(invocations, 10, CollectorMode.FAST, Duration.ofMillis(10), 5, Duration.ofSeconds(30),
                contestants, false);
    }
}
