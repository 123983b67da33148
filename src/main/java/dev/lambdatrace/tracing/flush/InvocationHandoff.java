package dev.lambdatrace.tracing.flush;

import java.util.Objects;

/**
 * Tells the extension thread when the invocation thread has started and ended an invocation's root span. Lambda runs
 * one invocation at a time per sandbox, so the latest of each is all there is to know.
 */
final class InvocationHandoff {

    private String started;
    private String ended;

    synchronized void started(String requestId) {
        started = requestId;
        notifyAll();
    }

    synchronized void ended(String requestId) {
        ended = requestId;
        notifyAll();
    }

    /**
     * Waits until the invocation's root span has ended, or until {@code deadlineNanos}. An invocation that has not
     * started by {@code startedByNanos} never reached the handler (an event the runtime could not read), and is
     * not waited for: its sandbox must not stay awake until the deadline.
     *
     * @return whether the invocation ended in time
     */
    synchronized boolean awaitEnd(String requestId, long startedByNanos, long deadlineNanos)
            throws InterruptedException {
        while (!Objects.equals(ended, requestId)) {
            long limit = Objects.equals(started, requestId) ? deadlineNanos : Math.min(startedByNanos, deadlineNanos);
            long waitNanos = limit - System.nanoTime();
            if (waitNanos <= 0) {
                return false;
            }
            wait(Math.max(1, waitNanos / 1_000_000));
        }
        return true;
    }
}
