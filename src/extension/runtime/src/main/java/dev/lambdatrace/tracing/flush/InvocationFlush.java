package dev.lambdatrace.tracing.flush;

import dev.lambdatrace.tracing.export.InvocationDeadline;

/**
 * When an invocation's spans leave, once its root span has ended: before the response goes back, after it, or in the
 * background; and what leaves at shutdown.
 */
public interface InvocationFlush {

    /** Called on the invocation thread as the root span starts. */
    default void invocationStarted(String requestId) {
    }

    /**
     * Called on the invocation thread after the root span ended, before the response goes back to Lambda.
     *
     * @param requestId the invocation's request ID, or null if Lambda gave none
     * @param traceId the invocation's trace ID
     */
    void invocationEnded(String requestId, String traceId, InvocationDeadline deadline);

    /**
     * At shutdown, once no invocation is in flight: what is buffered leaves by {@code deadlineNanos}
     * ({@link System#nanoTime}), or is counted as dropped; then nothing more leaves. Returns by the deadline, give or
     * take the time to count and log what could not leave.
     */
    void shutdown(long deadlineNanos);
}
