package dev.lambdatrace.tracing.export;

import java.time.Duration;

/**
 * Where a flush sends spans ({@code quarkus.lambda-tracing.exporter}), and how long it may wait for them.
 */
public record ExportTarget(SpanTransport transport, Duration flushTimeout) {
}
