package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tools.ThreadStates;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.RecordingFlusher;

/**
 * The after-response flush between the invocation thread and the extension's thread: who flushes what, when the
 * root span is late, and after an interrupt.
 */
class AfterResponseFlushTest {

    static final long GENEROUS_SECONDS = 20;

    final RecordingFlusher recording = new RecordingFlusher();
    final AfterResponseFlush flush = new AfterResponseFlush(recording.flusher(), Duration.ofMillis(200));

    @Test
    void extensionFlushesTheInvocationOnceItsRootSpanHasEndedAndTheInvocationThreadDoesNot() throws Exception {
        // given: the handler has started (had it not, the 200 ms grace would race this thread)
        flush.invocationStarted("a");
        CompletableFuture<Void> extension = onExtensionThread("a");
        recording.endRootSpan("GET /");

        // when
        flush.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);

        // then
        extension.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, recording.sent().size());
        assertEquals(List.of("extension"), recording.sendingThreads());
        assertEquals(0, flush.flushedBeforeResponse());
    }

    @Test
    void rootSpanThatStartsAfterTheGraceIsFlushedBeforeItsResponseAndCounted() throws Exception {
        // given: the extension gave up on invocation "late" after the 200 ms grace
        onExtensionThread("late").get(GENEROUS_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, recording.sent().size());

        // when: its handler starts only now, as a slow first request on a small JVM does
        flush.invocationStarted("late");
        recording.endRootSpan("GET /");
        flush.invocationEnded("late", "trace", InvocationDeadline.UNKNOWN);

        // then
        assertEquals(1, recording.sent().size(), "not left behind in the buffer");
        assertEquals(List.of(Thread.currentThread().getName()), recording.sendingThreads());
        assertEquals(1, flush.flushedBeforeResponse());
    }

    @Test
    void interruptThatComesAsTheWaitEndsIsSpentAndTheFlushStillRuns() throws Exception {
        // given: the root span has ended, and the extension thread is interrupted just as it comes to its wait
        flush.invocationStarted("a");
        recording.endRootSpan("a");
        flush.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);
        AtomicBoolean flagLeftSet = new AtomicBoolean(true);
        Thread extension = new Thread(() -> {
            Thread.currentThread().interrupt();
            flush.afterInvoke(event("a"));
            flagLeftSet.set(Thread.currentThread().isInterrupted());
        }, "extension");

        // when
        extension.start();
        extension.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));

        // then: the flush ran (an interrupted thread would have dropped it) and the flag is clear for the next wait
        assertEquals(1, recording.sent().size());
        assertFalse(flagLeftSet.get());
    }

    @Test
    void interruptEndsOneWaitAndTheNextInvocationIsStillWaitedForAndFlushed() throws Exception {
        // given: the extension thread, interrupted while it waits for invocation "a"; a grace long enough that "b"
        // starts within it however slow this machine is
        AfterResponseFlush flush = new AfterResponseFlush(recording.flusher(), Duration.ofSeconds(GENEROUS_SECONDS));
        AtomicBoolean flagLeftSet = new AtomicBoolean();
        Thread extension = new Thread(() -> {
            flush.afterInvoke(event("a"));
            flagLeftSet.set(Thread.currentThread().isInterrupted());
            flush.afterInvoke(event("b"));
        }, "extension");
        flush.invocationStarted("a");
        extension.start();
        ThreadStates.awaitWaiting(extension);
        extension.interrupt();

        // when: "a" ends after its wait was interrupted; then "b" runs normally
        recording.endRootSpan("a");
        flush.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);
        flush.invocationStarted("b");
        awaitFlushed(1);
        ThreadStates.awaitWaiting(extension);
        assertTrue(extension.isAlive(), "the extension waits for b's root span, not interrupted again");
        recording.endRootSpan("b");
        flush.invocationEnded("b", "trace", InvocationDeadline.UNKNOWN);
        extension.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));

        // then
        assertFalse(extension.isAlive());
        assertFalse(flagLeftSet.get(), "the interrupt did not stick");
        assertEquals(2, recording.sent().size());
        assertEquals("extension", recording.sendingThreads().get(1), "b was flushed after its response");
    }

    @Test
    void eventWithoutADeadlineIsWaitedForInsteadOfGivenUpAtOnce() throws Exception {
        // given: an INVOKE event with no deadline (0), for an invocation whose handler has started
        flush.invocationStarted("a");
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        Thread extension = new Thread(() -> {
            flush.afterInvoke(new ExtensionsApiClient.Event("INVOKE", "a", 0));
            done.complete(null);
        }, "extension");
        extension.start();

        // when: the root span ends later than the grace
        ThreadStates.awaitWaiting(extension);
        ThreadStates.awaitElapsed(start, AfterResponseFlush.START_GRACE.plusMillis(200));
        assertFalse(done.isDone(), "the extension still waits for the root span");
        recording.endRootSpan("GET /");
        flush.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);

        // then: flushed after the response, by the extension
        done.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("extension"), recording.sendingThreads());
        assertEquals(0, flush.flushedBeforeResponse());
    }

    private void awaitFlushed(int requests) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (recording.sent().size() < requests && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals(requests, recording.sent().size());
    }

    private CompletableFuture<Void> onExtensionThread(String requestId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            flush.afterInvoke(event(requestId));
            done.complete(null);
        }, "extension");
        thread.start();
        return done;
    }

    private static ExtensionsApiClient.Event event(String requestId) {
        return new ExtensionsApiClient.Event("INVOKE", requestId, System.currentTimeMillis() + 60_000);
    }
}
