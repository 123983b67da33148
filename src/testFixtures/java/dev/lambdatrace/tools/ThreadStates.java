package dev.lambdatrace.tools;

import java.time.Duration;

/**
 * Observes another thread instead of sleeping and hoping it ran: a test asserts that something has not happened only
 * once the thread that would do it is known to be waiting.
 */
public final class ThreadStates {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** Waits until {@code thread} waits (on a monitor, a condition or a timed wait); fails after 20 s. */
    public static void awaitWaiting(Thread thread) throws InterruptedException {
        long until = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " ended instead of waiting");
            }
            if (System.nanoTime() > until) {
                throw new AssertionError(thread.getName() + " did not wait within " + LIMIT + ": " + state);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until {@code duration} has passed since {@code sinceNanos} ({@link System#nanoTime}). */
    public static void awaitElapsed(long sinceNanos, Duration duration) throws InterruptedException {
        while (System.nanoTime() - sinceNanos < duration.toNanos()) {
            Thread.sleep(1);
        }
    }

    private ThreadStates() {
    }
}
