package dev.lambdatrace.emulator;

/**
 * One finished invocation as the Runtime API endpoint saw it. Times are {@link System#nanoTime()} of the lab JVM.
 *
 * @param traceHeader the {@code Lambda-Runtime-Trace-Id} it was sent with, or null
 * @param handedOutAtNanos when the event went out on {@code /next}
 * @param respondedAtNanos when the function posted its response or error: the caller has its answer
 * @param doneAtNanos when the runtime and every extension were waiting on {@code next} again: the sandbox may freeze
 * @param error whether the function posted to {@code /error} instead of {@code /response}
 * @param body what the function posted
 */
public record Invocation(String requestId, String traceHeader, long handedOutAtNanos, long respondedAtNanos,
        long doneAtNanos, boolean error, String body) {

    /** What the caller waits for: from handing out the event to receiving the response. */
    public long responseNanos() {
        return respondedAtNanos - handedOutAtNanos;
    }

    /** What Lambda bills: from handing out the event until the sandbox could freeze. */
    public long doneNanos() {
        return doneAtNanos - handedOutAtNanos;
    }
}
