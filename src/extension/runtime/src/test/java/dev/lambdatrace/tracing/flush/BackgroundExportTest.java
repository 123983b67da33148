package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.RecordingFlusher;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The export of Lambda Managed Instances: nothing on the invocation's thread, batches on a thread of its own, idle
 * spans delivered by the interval, and what is buffered at shutdown sent within its budget.
 */
class BackgroundExportTest {

    static final Duration GENEROUS = Duration.ofSeconds(20);
    static final Duration NEVER = Duration.ofMinutes(10);

    final RecordingFlusher recording = new RecordingFlusher();

    @Test
    void invocationThatEndsSendsNothingOnItsOwnThread() throws Exception {
        // given
        BackgroundExport export = new BackgroundExport(recording.flusher(), NEVER, 512);
        recording.endSpan("GET /");

        // when
        export.invocationEnded("a", InvocationDeadline.UNKNOWN);

        // then: still buffered, nothing sent from this thread
        Thread.sleep(200);
        assertTrue(recording.sent().isEmpty(), "the batch is not full and the interval has not passed");
        assertEquals(1, recording.flusher().bufferedSpans());
        export.shutdown(GENEROUS);
    }

    @Test
    void idleEnvironmentStillDeliversOnceTheIntervalHasPassed() throws Exception {
        // given
        BackgroundExport export = new BackgroundExport(recording.flusher(), Duration.ofMillis(100), 512);

        // when: spans end, and no invocation comes after them
        recording.endSpan("a");
        recording.endSpan("b");

        // then
        awaitSent(1);
        assertEquals(2, recording.sent().get(0).size(), "one request for both");
        assertEquals(List.of("span-export"), recording.sendingThreads());
        export.shutdown(GENEROUS);
    }

    @Test
    void fullBatchLeavesAtOnceAndNoRequestCarriesMoreThanABatch() throws Exception {
        // given: an interval that never passes, and batches of 3
        BackgroundExport export = new BackgroundExport(recording.flusher(), NEVER, 3);
        for (int i = 0; i < 7; i++) {
            recording.endSpan("span " + i);
        }

        // when
        export.invocationEnded("a", InvocationDeadline.UNKNOWN);

        // then
        awaitSent(3);
        assertEquals(List.of(3, 3, 1), recording.sent().stream().map(List::size).toList());
        export.shutdown(GENEROUS);
    }

    @Test
    void shutdownExportsWhatIsBufferedBeforeItReturns() {
        // given
        BackgroundExport export = new BackgroundExport(recording.flusher(), NEVER, 512);
        recording.endSpan("a");
        recording.endSpan("b");

        // when
        export.shutdown(GENEROUS);

        // then
        assertEquals(2, recording.sent().stream().mapToInt(List::size).sum());
        assertEquals(0, recording.flusher().bufferedSpans());
    }

    @Test
    void shutdownWithASilentCollectorReturnsWithinItsBudgetAndCountsTheSpansAsDropped() {
        // given
        RecordingFlusher silent = RecordingFlusher.silent();
        BackgroundExport export = new BackgroundExport(silent.flusher(), NEVER, 512);
        silent.endSpan("a");

        // when
        long started = System.nanoTime();
        export.shutdown(Duration.ofMillis(300));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // then: bounded by the budget (the join's own bound), and nothing left uncounted
        assertTrue(tookMillis < GENEROUS.toMillis(), tookMillis + " ms");
        awaitDropped(silent, 1);
    }

    private void awaitSent(int requests) throws InterruptedException {
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (recording.sent().size() < requests && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        List<List<SpanData>> sent = recording.sent();
        assertTrue(sent.size() >= requests, sent.size() + " request(s) sent");
    }

    private static void awaitDropped(RecordingFlusher flusher, long spans) {
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (flusher.dropped() < spans && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(spans, flusher.dropped());
    }
}
