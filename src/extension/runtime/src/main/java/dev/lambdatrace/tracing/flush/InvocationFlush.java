package dev.lambdatrace.tracing.flush;

import dev.lambdatrace.tracing.export.InvocationDeadline;

/**
 * When an invocation's spans leave, once its root span has ended: before the response goes back, or after it.
 */
public interface InvocationFlush {

    /** Called on the invocation thread as the root span starts. */
    default void invocationStarted(String requestId) {
    }

    /**
     * Called on the invocation thread after the root span ended, before the response goes back to Lambda.
     *
     * @param requestId the invocation's request ID, or null if Lambda gave none
     */
    void invocationEnded(String requestId, InvocationDeadline deadline);
}
