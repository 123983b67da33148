package dev.lambdatrace.tracing.flush;

import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * The blocking flush: the response goes back only once the collector has acknowledged the invocation's spans, or the
 * bound has passed. Every invocation with something buffered flushes, sampled or not, so a late span never waits for
 * the next sampled invocation.
 */
public final class BeforeResponseFlush implements InvocationFlush {

    private final SpanFlusher flusher;

    public BeforeResponseFlush(SpanFlusher flusher) {
        this.flusher = flusher;
    }

    @Override
    public void invocationEnded(String requestId, InvocationDeadline deadline) {
        if (flusher.hasWork()) {
            flusher.flush(deadline);
        }
    }
}
