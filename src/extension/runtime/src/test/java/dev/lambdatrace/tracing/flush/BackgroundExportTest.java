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
        export.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);

        // then: still buffered, nothing sent from this thread
        Thread.sleep(200);
        assertTrue(recording.sent().isEmpty(), "the batch is not full and the interval has not passed");
        assertEquals(1, recording.flusher().bufferedSpans());
        export.shutdown(deadlineIn(GENEROUS));
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
        export.shutdown(deadlineIn(GENEROUS));
    }

    @Test
    void fullBatchLeavesAtOnceAndNoRequestCarriesMoreThanABatch() throws Exception {
        // given: an interval that never passes, and batches of 3
        BackgroundExport export = new BackgroundExport(recording.flusher(), NEVER, 3);
        for (int i = 0; i < 7; i++) {
            recording.endSpan("span " + i);
        }

        // when
        export.invocationEnded("a", "trace", InvocationDeadline.UNKNOWN);

        // then
        awaitSent(3);
        assertEquals(List.of(3, 3, 1), recording.sent().stream().map(List::size).toList());
        export.shutdown(deadlineIn(GENEROUS));
    }

    @Test
    void shutdownExportsWhatIsBufferedBeforeItReturns() {
        // given
        BackgroundExport export = new BackgroundExport(recording.flusher(), NEVER, 512);
        recording.endSpan("a");
        recording.endSpan("b");

        // when
        export.shutdown(deadlineIn(GENEROUS));

        // then
        assertEquals(2, recording.sent().stream().mapToInt(List::size).sum());
        assertEquals(0, recording.flusher().bufferedSpans());
    }

    /**
     * A batch in flight to a silent collector when the shutdown comes, and spans that ended meanwhile: the export is
     * ended at the budget, and by the time the shutdown returns every span is counted, none left for after the exit.
     */
    @Test
    void batchInFlightAtShutdownIsEndedAtTheBudgetAndEverySpanCountedBeforeShutdownReturns() throws Exception {
        // given: an export under way, bounded only by its own 30 s timeout, and two spans more behind it
        RecordingFlusher silent = RecordingFlusher.silent();
        BackgroundExport export = new BackgroundExport(silent.flusher(), Duration.ofMillis(50), 512,
                Duration.ofSeconds(30));
        silent.endSpan("a");
        silent.endSpan("b");
        silent.endSpan("c");
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (silent.sendsStarted() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        silent.endSpan("d");
        silent.endSpan("e");

        // when
        long started = System.nanoTime();
        export.shutdown(deadlineIn(Duration.ofMillis(300)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // then: counted already, and long before the export's own timeout
        assertEquals(5, silent.dropped(), "every span delivered or counted when the shutdown returns");
        assertTrue(tookMillis < Duration.ofSeconds(30).toMillis() / 2, tookMillis + " ms");
    }

    @Test
    void exporterOutlivesAnythingOneTurnThrows() throws Exception {
        // given: a transport that fails with an Error once, then works
        RecordingFlusher throwingOnce = RecordingFlusher.throwingOnce(new AssertionError("a bug in a transport"));
        BackgroundExport export = new BackgroundExport(throwingOnce.flusher(), Duration.ofMillis(50), 512);
        throwingOnce.endSpan("a");
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (throwingOnce.sendsStarted() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }

        // when: a span ends after the turn that threw
        throwingOnce.endSpan("b");

        // then: the exporter is still there to send it
        while (throwingOnce.sent().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(List.of("b"), throwingOnce.sent().get(0).stream().map(SpanData::getName).toList());
        export.shutdown(deadlineIn(GENEROUS));
    }

    static long deadlineIn(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    private void awaitSent(int requests) throws InterruptedException {
        long until = System.nanoTime() + GENEROUS.toNanos();
        while (recording.sent().size() < requests && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        List<List<SpanData>> sent = recording.sent();
        assertTrue(sent.size() >= requests, sent.size() + " request(s) sent");
    }
}
