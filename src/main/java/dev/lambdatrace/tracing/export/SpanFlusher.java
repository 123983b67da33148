package dev.lambdatrace.tracing.export;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.config.TracingConfig;

/**
 * Blocks the invocation thread until the collector has acknowledged every span ended so far, up to the flush timeout.
 * Never throws: what is not acknowledged in time is counted as dropped.
 */
@Singleton
public class SpanFlusher {

    private final InvocationSpanProcessor processor;
    private final DroppedSpans droppedSpans;
    private final Duration timeout;

    @Inject
    SpanFlusher(InvocationSpanProcessor processor, DroppedSpans droppedSpans, TracingConfig config) {
        this.processor = processor;
        this.droppedSpans = droppedSpans;
        this.timeout = config.flushTimeout();
    }

    public void flush() {
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(timeout);
        if (outcome.dropped() > 0) {
            droppedSpans.onUnacknowledged(outcome.dropped(), outcome.failure());
        } else if (outcome.delivered() > 0) {
            droppedSpans.onAcknowledged();
        }
    }
}
