package dev.lambdatrace.lab;

/**
 * One finished invocation as the Runtime API endpoint saw it. Times are {@link System#nanoTime()} of the lab JVM.
 *
 * @param handedOutAtNanos when the event went out on {@code /next}
 * @param completedAtNanos when the function posted its response or error
 * @param error whether the function posted to {@code /error} instead of {@code /response}
 * @param body what the function posted
 */
record Invocation(String requestId, String traceHeader, long handedOutAtNanos, long completedAtNanos, boolean error,
        String body) {

    /** Lambda's {@code Duration}: from handing out the event to receiving the response. */
    long durationNanos() {
        return completedAtNanos - handedOutAtNanos;
    }
}
