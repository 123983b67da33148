package dev.lambdatrace.tracing.export;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.signals.MetricsAndLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * Waits until the collector has acknowledged every span ended so far, and the application's metrics and logs if it
 * exports them, at most the flush timeout and never past the invocation's deadline. Never throws: what is not
 * acknowledged in time is counted as dropped.
 */
@Singleton
public class SpanFlusher {

    // Left for posting the response once the flush gave up, so that a silent collector never turns into "Task timed
    // out": a share of the invocation's budget, within bounds. A fixed 50 ms was not enough for the jar on a busy
    // machine; a function at 128 MB has a small fraction of a vCPU to serialize and post its answer with.
    static final Duration MARGIN_FLOOR = Duration.ofMillis(200);
    static final Duration MARGIN_CEILING = Duration.ofSeconds(1);
    static final int MARGIN_PERCENT_OF_BUDGET = 10;

    private final InvocationSpanProcessor processor;
    private final DroppedSpans droppedSpans;
    private final MetricsAndLogs metricsAndLogs;
    private final Duration timeout;

    @Inject
    SpanFlusher(InvocationSpanProcessor processor, DroppedSpans droppedSpans, MetricsAndLogs metricsAndLogs) {
        this.processor = processor;
        this.droppedSpans = droppedSpans;
        this.metricsAndLogs = metricsAndLogs;
        this.timeout = processor.flushTimeout();
        // An application's forceFlush goes through the same accounting, within the flush timeout.
        processor.forceFlushBy(() -> account(processor.flush(timeout)));
    }

    /** Spans only. */
    public SpanFlusher(InvocationSpanProcessor processor, DroppedSpans droppedSpans) {
        this(processor, droppedSpans, MetricsAndLogs.NONE);
    }

    /** Whether a flush has anything to send. */
    public boolean hasWork() {
        return processor.hasBuffered() || metricsAndLogs.enabled();
    }

    /**
     * Flushes within the flush timeout and the invocation's {@code deadline}: the metrics and logs start first, on the
     * event loop, while the spans leave on this thread, and all of it is waited for within the same bound.
     */
    public void flush(InvocationDeadline deadline) {
        flush(deadline, null);
    }

    /**
     * As above, for one invocation among many at once (Managed Instances): only its own spans, and those of no open
     * invocation, so that it answers once its own are acknowledged and never takes another's.
     */
    public void flush(InvocationDeadline deadline, String ownTrace) {
        Duration bound = bound(deadline);
        if (bound.isZero()) {
            dropBuffered("no time was left before the invocation's deadline");
            return;
        }
        long endNanos = System.nanoTime() + bound.toNanos();
        CompletableResultCode others = metricsAndLogs.enabled() ? metricsAndLogs.startFlush() : null;
        account(processor.flush(bound, Integer.MAX_VALUE, ownTrace));
        if (others != null) {
            metricsAndLogs.await(others, endNanos);
        }
    }

    /** How long a flush waits for the collector, at most. */
    public Duration timeout() {
        return timeout;
    }

    /** How many spans wait for a flush. */
    public int bufferedSpans() {
        return processor.bufferedSpans();
    }

    /**
     * Sends at most {@code maxSpans} of the buffered spans in one request, within {@code bound} and the flush timeout,
     * on the calling thread: for an export off every invocation's path. Never throws.
     */
    public void exportBatch(int maxSpans, Duration bound) {
        account(processor.flush(bound.compareTo(timeout) < 0 ? bound : timeout, maxSpans));
    }

    /** Ends the send in flight at once, and every later one: the shutdown budget ran out. */
    public void abortSends(String reason) {
        processor.abortSends(reason);
    }

    /** Drops what is buffered, counted and logged with {@code reason}: there is no time left to send it. */
    public void dropBuffered(String reason) {
        int dropped = processor.dropBuffered();
        if (dropped > 0) {
            droppedSpans.onUnacknowledged(dropped, reason);
        }
    }

    /** Counts what the flush dropped; true when it dropped nothing. */
    private boolean account(InvocationSpanProcessor.FlushOutcome outcome) {
        if (outcome.dropped() > 0) {
            droppedSpans.onUnacknowledged(outcome.dropped(), outcome.failure());
            return false;
        }
        if (outcome.delivered() > 0) {
            droppedSpans.onAcknowledged();
        }
        return true;
    }

    /** {@code min(flush timeout, time left − margin)}; zero when nothing is left. */
    Duration bound(InvocationDeadline deadline) {
        if (!deadline.known()) {
            return timeout;
        }
        long left = deadline.remainingMillis() - margin(deadline).toMillis();
        return left <= 0 ? Duration.ZERO : timeout.compareTo(Duration.ofMillis(left)) <= 0 ? timeout
                : Duration.ofMillis(left);
    }

    /**
     * What the flush leaves before the deadline: 10% of the invocation's budget, at least 200 ms, at most 1 s; the
     * process's first invocation keeps the most, since its answer runs code never run before (on the JVM, class
     * loading and the interpreter, after Quarkus started within that same invocation).
     */
    static Duration margin(InvocationDeadline deadline) {
        if (deadline.firstOfProcess()) {
            return MARGIN_CEILING;
        }
        long share = deadline.budgetMillis() * MARGIN_PERCENT_OF_BUDGET / 100;
        return Duration.ofMillis(Math.min(MARGIN_CEILING.toMillis(), Math.max(MARGIN_FLOOR.toMillis(), share)));
    }
}
