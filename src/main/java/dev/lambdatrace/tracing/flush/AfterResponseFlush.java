package dev.lambdatrace.tracing.flush;

import dev.lambdatrace.tracing.export.InvocationDeadline;

/**
 * Leaves the flush to the {@link FlushExtension}: the invocation thread only says that the root span has ended, and
 * the response goes back at once.
 */
public final class AfterResponseFlush implements InvocationFlush {

    private final FlushExtension extension;

    public AfterResponseFlush(FlushExtension extension) {
        this.extension = extension;
    }

    @Override
    public void invocationStarted(String requestId) {
        extension.invocationStarted(requestId);
    }

    @Override
    public void invocationEnded(String requestId, InvocationDeadline deadline) {
        extension.invocationEnded(requestId);
    }
}
