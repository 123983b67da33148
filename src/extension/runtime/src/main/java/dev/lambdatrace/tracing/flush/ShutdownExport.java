package dev.lambdatrace.tracing.flush;

import java.time.Duration;

import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * What is still buffered at shutdown, in the modes that flush per invocation: sent in one request within the time
 * left, and whatever is not acknowledged by then counted as dropped.
 */
final class ShutdownExport {

    static final String BUDGET_RAN_OUT = "the shutdown budget ran out before they could be exported";

    static void exportWithin(SpanFlusher flusher, long deadlineNanos) {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos > 0 && flusher.bufferedSpans() > 0) {
            flusher.exportBatch(Integer.MAX_VALUE, Duration.ofNanos(leftNanos));
        }
        flusher.dropBuffered(BUDGET_RAN_OUT);
    }

    private ShutdownExport() {
    }
}
