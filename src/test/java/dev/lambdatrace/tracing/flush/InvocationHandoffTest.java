package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InvocationHandoffTest {

    final InvocationHandoff handoff = new InvocationHandoff();

    @Test
    void invocationThatEndedBeforeTheExtensionAsksIsNotWaitedFor() throws Exception {
        handoff.started("a");
        handoff.ended("a");

        long start = System.nanoTime();
        assertTrue(handoff.awaitEnd("a", deadlineIn(1_000), deadlineIn(5_000)));
        assertTrue(System.nanoTime() - start < 100_000_000L);
    }

    @Test
    void extensionWaitsForTheInvocationThreadToEndTheRootSpan() throws Exception {
        handoff.started("a");
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> await("a", 1_000, 5_000));
        Thread.sleep(100);
        assertFalse(waited.isDone());

        handoff.ended("a");

        assertTrue(waited.get(2, TimeUnit.SECONDS));
    }

    @Test
    void startedInvocationIsWaitedForPastTheStartGraceUntilItEnds() throws Exception {
        handoff.started("a");
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> await("a", 50, 5_000));
        Thread.sleep(300);

        handoff.ended("a");

        assertTrue(waited.get(2, TimeUnit.SECONDS), "a slow handler is still waited for");
    }

    @Test
    void invocationThatNeverReachedTheHandlerIsGivenUpAfterTheStartGrace() throws Exception {
        handoff.started("previous");
        handoff.ended("previous");

        long start = System.nanoTime();
        assertFalse(handoff.awaitEnd("unreadable", deadlineIn(100), deadlineIn(5_000)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis >= 90 && tookMillis < 1_000, "took " + tookMillis + " ms");
    }

    @Test
    void runningInvocationIsGivenUpAtItsDeadline() throws Exception {
        handoff.started("a");

        long start = System.nanoTime();
        assertFalse(handoff.awaitEnd("a", deadlineIn(1_000), deadlineIn(150)));

        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000);
    }

    private boolean await(String requestId, long graceMillis, long deadlineMillis) {
        try {
            return handoff.awaitEnd(requestId, deadlineIn(graceMillis), deadlineIn(deadlineMillis));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long deadlineIn(long millis) {
        return System.nanoTime() + millis * 1_000_000L;
    }
}
