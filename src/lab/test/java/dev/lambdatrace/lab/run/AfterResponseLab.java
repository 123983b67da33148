package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabResults;

/**
 * A frozen lab run of an after-response contestant against a sink that answers after a delay, as the ADOT layer does
 * when it exports to X-Ray first: every span delivered before the freeze, none late or lost, and the caller never
 * waiting for the sink. The delay is longer than the runtime takes to answer, and short enough that 10,000
 * invocations stay short.
 */
final class AfterResponseLab {

    static void deliversEverySpanBeforeTheFreeze(String contestant, int invocations, Duration sinkDelay)
            throws Exception {
        // given
        LabSettings settings = LabSettings.small(invocations, List.of(contestant))
                .withCollector(CollectorMode.SYNC_EXPORT).withSyncExportDelay(sinkDelay)
                .withIdleGap(Duration.ofMillis(1));

        // when
        LabResults results = new LabRun(LabRunIT.PATHS, settings, line -> {
        }).execute(Contestants.named(settings.contestants()));

        // then
        ContestantResult result = results.contestants().get(0);
        assertEquals(null, result.skipped(), contestant);
        assertEquals(null, result.failure(), contestant);
        assertEquals(invocations, result.invocations());
        assertEquals(0, result.non200() + result.errors());
        assertEquals(invocations, result.spansDelivered(), result.spansLate() + " late, " + result.spansLost()
                + " lost");
        double delayMs = settings.syncExportDelay().toMillis();
        assertTrue(result.duration().p50() < delayMs, "the caller waited for the sink: " + result.duration());
        assertTrue(result.done().p50() >= delayMs, "done before the sink answered: " + result.done());
    }

    private AfterResponseLab() {
    }
}
