package dev.lambdatrace.tracing.export;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts something that may happen on every invocation and says when to log it: the first time, then at each power of
 * two, so it stays visible without a line per invocation.
 */
public final class LogThrottle {

    private final AtomicLong count = new AtomicLong();

    /** Counts one more; returns how many so far when this one should be logged, 0 when it should not. */
    public long countOne() {
        long now = count.incrementAndGet();
        return Long.bitCount(now) == 1 ? now : 0;
    }

    /** How many so far. */
    public long count() {
        return count.get();
    }
}
