package dev.lambdatrace.tracing.export;

import java.time.Duration;

/**
 * Where a flush sends spans ({@code quarkus.lambda-tracing.exporter}), how long it may wait for them, and how many
 * may wait for a flush at most ({@code OTEL_BSP_MAX_QUEUE_SIZE}).
 */
public record ExportTarget(SpanTransport transport, Duration flushTimeout, int maxQueueSize) {

    /** With the default queue of {@value InvocationSpanProcessor#MAX_BUFFERED_SPANS} spans. */
    public ExportTarget(SpanTransport transport, Duration flushTimeout) {
        this(transport, flushTimeout, InvocationSpanProcessor.MAX_BUFFERED_SPANS);
    }
}
