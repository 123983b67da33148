package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.lambdatrace.runtime.ManagedInstancesWorkers;
import dev.lambdatrace.tracing.InvocationTracer;
import dev.lambdatrace.tracing.export.DroppedSpans;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The one shutdown path, within one budget from the moment Quarkus starts to stop (SIGTERM on Lambda): the workers
 * take no new invocation; the invocations in flight get their answers; then what is buffered leaves, and what cannot
 * leave in time is counted and logged as dropped, before the process goes. The SDK's own shutdown, which Quarkus asks
 * for later, sends nothing more.
 */
@Singleton
public class ShutdownFlush {

    private static final Logger LOG = Logger.getLogger(ShutdownFlush.class);

    // AWS's emulator kills the runtime 600 ms after SIGTERM; production's figure is not published.
    static final Duration BUDGET = Duration.ofMillis(500);
    // Answers to the invocations in flight come first; at least the rest of the budget is left for the export.
    static final Duration ANSWERS_WITHIN = Duration.ofMillis(350);

    void onShutdown(@Observes ShutdownEvent stopping, ManagedInstancesWorkers workers, InvocationTracer tracer,
            InvocationFlush flush, DroppedSpans dropped) {
        long start = System.nanoTime();
        LOG.debugf("Shutting down with %d invocation(s) in flight", tracer.invocationsInFlight());
        workers.stopTakingInvocations();
        long answersBy = start + ANSWERS_WITHIN.toNanos();
        while (tracer.invocationsInFlight() > 0 && System.nanoTime() < answersBy) {
            sleepBriefly();
        }
        int unanswered = tracer.invocationsInFlight();
        if (unanswered > 0) {
            LOG.warnf("%d invocation(s) were still running %d ms into the shutdown; their spans leave if they end "
                    + "in time, and are counted as dropped otherwise", unanswered, ANSWERS_WITHIN.toMillis());
        }
        flush.shutdown(start + BUDGET.toNanos());
        if (dropped.total() > 0) {
            // The last word on them before the process goes: drops within an outage are otherwise counted silently.
            LOG.warnf("Shutting down: %d span(s) dropped since the process started, in %d outage(s)",
                    dropped.total(), dropped.incidents());
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
