package dev.lambdatrace.tracing.flush;

import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * The blocking flush: the response goes back only once the collector has acknowledged the invocation's spans, or the
 * bound has passed. Every invocation with something buffered flushes, sampled or not, so a late span never waits for
 * the next sampled invocation. With many invocations at once (Managed Instances), each waits for its own spans only.
 */
public final class BeforeResponseFlush implements InvocationFlush {

    private final SpanFlusher flusher;
    private final boolean oneInvocationAtATime;

    public BeforeResponseFlush(SpanFlusher flusher) {
        this(flusher, true);
    }

    BeforeResponseFlush(SpanFlusher flusher, boolean oneInvocationAtATime) {
        this.flusher = flusher;
        this.oneInvocationAtATime = oneInvocationAtATime;
    }

    @Override
    public void invocationEnded(String requestId, String traceId, InvocationDeadline deadline) {
        if (flusher.hasWork()) {
            flusher.flush(deadline, oneInvocationAtATime ? null : traceId);
        }
    }

    @Override
    public void shutdown(long deadlineNanos) {
        ShutdownExport.exportWithin(flusher, deadlineNanos);
    }
}
