package dev.lambdatrace.tracing.export;

import java.time.Duration;

/**
 * Where a flush sends spans ({@code tracing.exporter}), how long it may wait for them, and whether the receiver
 * acknowledges them (UDP does not).
 */
public record ExportTarget(SpanTransport transport, Duration flushTimeout, boolean acknowledged) {
}
