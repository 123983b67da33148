package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.emulator.ExtensionProcess;
import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabResults;

/**
 * Small frozen runs with the real collector inside each traced sandbox, as the layer runs on Lambda: frozen with the
 * function while idle, counted in the sandbox's memory, and the spans counted from what reaches the fake X-Ray.
 */
class RealCollectorLabIT {

    static final int INVOCATIONS = 30;

    @Test
    void collectorInsideTheSandboxIsStoppedWhileIdleAndEverySpanReachesXrayBeforeTheFreeze() throws Exception {
        // given
        LabSettings settings = LabSettings.small(INVOCATIONS, List.of("native-traced", "native-traced-after",
                "native-traced-udp", "traced", "traced-after", "baseline")).withCollector(CollectorMode.OTELCOL);
        List<String> collectorStates = new ArrayList<>();
        LabRun run = new LabRun(LabRunIT.PATHS, settings, line -> {
        }).beforeRound((round, running) -> {
            // Between two rounds every sandbox is idle, so Lambda would have frozen it, collector and all.
            if (round % 10 == 5) {
                running.values().forEach(contestant -> contestant.sandbox.beside().forEach(
                        collector -> collectorStates.add(contestant.name() + " " + state(collector))));
            }
        });

        // when
        LabResults results = run.execute(Contestants.named(settings.contestants()));

        // then
        for (ContestantResult result : results.contestants()) {
            if (result.skipped() != null) {
                assertTrue(result.name().startsWith("native"), result.name() + " skipped: " + result.skipped());
                continue;
            }
            assertNull(result.failure(), result.name());
            assertEquals(INVOCATIONS, result.invocations(), result.name());
            assertEquals(0, result.non200() + result.errors(), result.name());
            boolean otlp = result.traced() && !result.name().endsWith("-udp");
            assertEquals(otlp, result.collectorLayer(), result.name() + ": a collector in the sandbox only for OTLP");
            if (result.traced()) {
                assertEquals(INVOCATIONS, result.spansDelivered(), result.name() + ": " + result.spansLate()
                        + " late, " + result.spansLost() + " lost");
            }
            if (otlp) {
                assertTrue(result.sandboxPeakMb() > result.peakRssMb() + 5, result.name()
                        + ": the collector's memory is the sandbox's too");
                assertTrue(result.sandboxCpuMsPerInvocation() >= result.cpuMsPerInvocation(), result.name());
            } else {
                assertEquals(result.peakRssMb(), result.sandboxPeakMb(), 1e-9, result.name());
            }
        }
        assertFalse(collectorStates.isEmpty());
        for (String state : collectorStates) {
            assertTrue(state.endsWith(" T"), "a collector ran while its sandbox was idle: " + state);
        }
    }

    @Test
    void spansAreCountedFromWhatReachesXrayNotFromWhatTheCollectorAccepted() throws Exception {
        // given: X-Ray refuses every call, so the collector accepts each export and X-Ray keeps nothing
        LabSettings settings = LabSettings.small(10, List.of("traced")).withCollector(CollectorMode.OTELCOL);
        LabRun run = new LabRun(LabRunIT.PATHS, settings, line -> {
        }).beforeRound((round, running) -> {
            if (round == 0) {
                ((CollectorLayer) running.get("traced").sink).xray().failWith(400);
            }
        });

        // when
        ContestantResult traced = run.execute(Contestants.named(settings.contestants())).contestant("traced")
                .orElseThrow();

        // then
        assertEquals(10, traced.invocations());
        assertEquals(10, traced.spansLost(), traced.spansDelivered() + " delivered, " + traced.spansLate() + " late");
    }

    /**
     * The state letter of /proc/PID/stat (T: stopped), polled briefly: the kernel stops a process when it next runs,
     * not within the kill call, and the last sandbox of a round was frozen just now.
     */
    private static char state(ExtensionProcess process) {
        char state = '?';
        try {
            for (int i = 0; i < 100 && state != 'T'; i++) {
                String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
                state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T') {
                    Thread.sleep(10);
                }
            }
        } catch (IOException e) {
            return '?';
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return state;
    }
}
