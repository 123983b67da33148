package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabResults;

/**
 * The original test's own subject in a small frozen run through the real collector: the empty Python handler under
 * awslambdaric, with ADOT Python as the 2020 layer ran it, and without.
 */
class SeedLabIT {

    static final int INVOCATIONS = 30;

    @Test
    void seedAdotDeliversEverySpanToXrayThroughTheCollectorBeforeTheFreezeAndTheBaselineSendsNone() throws Exception {
        // given
        LabSettings settings = LabSettings.small(INVOCATIONS, List.of("seed-adot", "seed-baseline", "seed-adot-udp"))
                .withCollector(CollectorMode.OTELCOL);

        // when
        LabResults results = new LabRun(LabRunIT.PATHS, settings, line -> {
        }).execute(Contestants.named(settings.contestants()));

        // then
        for (ContestantResult result : results.contestants()) {
            assertNull(result.skipped(), result.name());
            assertNull(result.failure(), result.name());
            assertEquals(INVOCATIONS, result.invocations(), result.name());
            assertEquals(0, result.non200() + result.errors(), result.name() + " answers 200 every time");
        }
        ContestantResult adot = results.contestant("seed-adot").orElseThrow();
        assertTrue(adot.collectorLayer(), "the collector runs in seed-adot's sandbox");
        assertEquals(INVOCATIONS, adot.spansDelivered(), "every span reached X-Ray before the freeze: "
                + adot.spansLate() + " late, " + adot.spansLost() + " lost");
        assertTrue(adot.sandboxPeakMb() > adot.peakRssMb(), "the sandbox's memory counts the collector's");
        ContestantResult udp = results.contestant("seed-adot-udp").orElseThrow();
        assertFalse(udp.collectorLayer(), "over UDP there is no collector in the sandbox");
        assertEquals(INVOCATIONS, udp.spansDelivered(), udp.spansLate() + " late, " + udp.spansLost() + " lost");
        ContestantResult baseline = results.contestant("seed-baseline").orElseThrow();
        assertFalse(baseline.collectorLayer(), "the original's baseline had no layer");
        assertEquals(baseline.peakRssMb(), baseline.sandboxPeakMb(), 1e-9);
    }
}
