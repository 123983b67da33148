package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import dev.lambdatrace.lab.contestants.Contestants;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabReport;
import dev.lambdatrace.lab.report.LabResults;

/**
 * The collector sink dies in the middle of a run: the function keeps answering, no invocation waits longer than the
 * flush timeout, and the report counts the spans that were lost.
 */
class SinkOutageIT {

    // The function's default flush timeout, plus what an invocation costs on a loaded 2-core machine.
    static final double BOUND_MS = 1_000 + 750;

    @Test
    void functionKeepsAnsweringWithinTheFlushTimeoutAndTheLostSpansAreCounted() throws Exception {
        // given
        LabSettings settings = LabRunIT.settings(40, List.of("traced"));
        LabRun run = new LabRun(LabRunIT.PATHS, settings, line -> {
        }).beforeRound((round, running) -> {
            if (round == 25) {
                running.get("traced").sink.refuseConnections();
            }
        });

        // when
        LabResults results = run.execute(Contestants.named(settings.contestants()));

        // then
        ContestantResult traced = results.contestant("traced").orElseThrow();
        assertEquals(40, traced.invocations());
        assertEquals(0, traced.non200() + traced.errors());
        assertTrue(traced.duration().max() < BOUND_MS, "slowest invocation took " + traced.duration().max() + " ms");
        assertEquals(15, traced.spansLost());
        assertTrue(LabReport.markdown(results).contains("| 15 |"), "the report shows the 15 lost spans");
    }
}
