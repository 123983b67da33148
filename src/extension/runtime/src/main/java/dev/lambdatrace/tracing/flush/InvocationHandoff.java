package dev.lambdatrace.tracing.flush;

import java.util.Objects;

/**
 * Tells the extension thread when the invocation thread has started and ended an invocation's root span, and the
 * invocation thread whether the extension gave up waiting for it. Lambda runs one invocation at a time per sandbox,
 * so the latest of each is all there is to know.
 */
final class InvocationHandoff {

    private String started;
    private String ended;
    private String abandoned;

    synchronized void started(String requestId) {
        started = requestId;
        notifyAll();
    }

    /**
     * The root span has ended. Returns whether the extension still waits to flush the invocation; false if it gave
     * up on it, and then the caller must flush.
     */
    synchronized boolean ended(String requestId) {
        ended = requestId;
        notifyAll();
        return !Objects.equals(abandoned, requestId);
    }

    /**
     * Waits until the invocation's root span has ended, or until {@code deadlineNanos}. An invocation that has not
     * started by {@code startedByNanos} may never reach the handler (an event the runtime could not read), and is
     * not waited for: its sandbox must not stay awake until the deadline. An invocation not waited for is abandoned
     * to the invocation thread, in the same step, so that its root span is never left behind.
     *
     * @return whether the invocation ended in time
     */
    synchronized boolean awaitEnd(String requestId, long startedByNanos, long deadlineNanos)
            throws InterruptedException {
        while (!Objects.equals(ended, requestId)) {
            long limit = Objects.equals(started, requestId) ? deadlineNanos : Math.min(startedByNanos, deadlineNanos);
            long waitNanos = limit - System.nanoTime();
            if (waitNanos <= 0) {
                abandoned = requestId;
                return false;
            }
            wait(Math.max(1, waitNanos / 1_000_000));
        }
        return true;
    }

    /** Stops waiting for the invocation; false if its root span has already ended (then nothing is abandoned). */
    synchronized boolean abandon(String requestId) {
        if (Objects.equals(ended, requestId)) {
            return false;
        }
        abandoned = requestId;
        return true;
    }
}
