package dev.lambdatrace.tracing.export;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Waits until the collector has acknowledged every span ended so far, at most the flush timeout and never past the
 * invocation's deadline. Never throws: what is not acknowledged in time is counted as dropped.
 */
@Singleton
public class SpanFlusher {

    // Left for posting the response once the flush gave up, so that a silent collector never turns into a timeout.
    static final Duration DEADLINE_MARGIN = Duration.ofMillis(50);

    private final InvocationSpanProcessor processor;
    private final DroppedSpans droppedSpans;
    private final Duration timeout;

    @Inject
    SpanFlusher(InvocationSpanProcessor processor, DroppedSpans droppedSpans, ExportTarget target) {
        this.processor = processor;
        this.droppedSpans = droppedSpans;
        this.timeout = target.flushTimeout();
    }

    /** Whether a flush has anything to send. */
    public boolean hasWork() {
        return processor.hasBuffered();
    }

    /** Flushes within the flush timeout and the invocation's {@code deadline}. */
    public void flush(InvocationDeadline deadline) {
        Duration bound = bound(deadline);
        if (bound.isZero()) {
            int dropped = processor.dropBuffered();
            if (dropped > 0) {
                droppedSpans.onUnacknowledged(dropped, "no time was left before the invocation's deadline");
            }
            return;
        }
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(bound);
        if (outcome.dropped() > 0) {
            droppedSpans.onUnacknowledged(outcome.dropped(), outcome.failure());
        } else if (outcome.delivered() > 0) {
            droppedSpans.onAcknowledged();
        }
    }

    /** {@code min(flush timeout, time left − margin)}; zero when nothing is left. */
    Duration bound(InvocationDeadline deadline) {
        if (!deadline.known()) {
            return timeout;
        }
        long left = deadline.remainingMillis() - DEADLINE_MARGIN.toMillis();
        return left <= 0 ? Duration.ZERO : timeout.compareTo(Duration.ofMillis(left)) <= 0 ? timeout
                : Duration.ofMillis(left);
    }
}
