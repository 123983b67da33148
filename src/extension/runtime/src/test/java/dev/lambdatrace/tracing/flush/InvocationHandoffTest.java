package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tools.ThreadStates;

class InvocationHandoffTest {

    // Far longer than any test may take: a wait that runs into one of these did not stop when it should have.
    static final long NEVER_MILLIS = 120_000;
    static final Duration GENEROUS = Duration.ofSeconds(20);

    final InvocationHandoff handoff = new InvocationHandoff();

    @Test
    void invocationThatEndedBeforeTheExtensionAsksIsNotWaitedFor() {
        handoff.started("a");
        handoff.ended("a");

        assertTrue(assertTimeoutPreemptively(GENEROUS, () -> await("a", NEVER_MILLIS, NEVER_MILLIS)));
    }

    @Test
    void extensionWaitsForTheInvocationThreadToEndTheRootSpan() throws Exception {
        handoff.started("a");
        CompletableFuture<Boolean> waited = new CompletableFuture<>();
        Thread extension = onExtensionThread(() -> waited.complete(await("a", NEVER_MILLIS, NEVER_MILLIS)));
        ThreadStates.awaitWaiting(extension);
        assertFalse(waited.isDone());

        assertTrue(handoff.ended("a"), "the extension still waits, so it flushes");

        assertTrue(waited.get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void startedInvocationIsWaitedForPastTheStartGraceUntilItEnds() throws Exception {
        handoff.started("a");
        CompletableFuture<Boolean> waited = new CompletableFuture<>();
        long start = System.nanoTime();
        Thread extension = onExtensionThread(() -> waited.complete(await("a", 50, NEVER_MILLIS)));
        ThreadStates.awaitWaiting(extension);
        ThreadStates.awaitElapsed(start, Duration.ofMillis(100));
        assertFalse(waited.isDone(), "still waiting, twice the grace later");

        handoff.ended("a");

        assertTrue(waited.get(GENEROUS.toSeconds(), TimeUnit.SECONDS), "a slow handler is still waited for");
    }

    private static Thread onExtensionThread(Runnable wait) {
        Thread thread = new Thread(wait, "extension");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void invocationThatNeverStartedIsGivenUpAfterTheStartGraceAndLeftToTheInvocationThread() {
        handoff.started("previous");
        handoff.ended("previous");

        long start = System.nanoTime();
        assertFalse(assertTimeoutPreemptively(GENEROUS, () -> await("late", 100, NEVER_MILLIS)));

        assertTrue(System.nanoTime() - start >= 90_000_000L, "waited the grace first");
        handoff.started("late");
        assertFalse(handoff.ended("late"), "given up: the invocation thread must flush it itself");
    }

    @Test
    void runningInvocationIsGivenUpAtItsDeadline() {
        handoff.started("a");

        assertFalse(assertTimeoutPreemptively(GENEROUS, () -> await("a", NEVER_MILLIS, 150)));
    }

    @Test
    void abandoningAnInvocationThatAlreadyEndedAbandonsNothing() {
        handoff.started("a");
        handoff.ended("a");

        assertFalse(handoff.abandon("a"));
        handoff.started("b");
        assertTrue(handoff.abandon("b"));
        assertFalse(handoff.ended("b"));
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
