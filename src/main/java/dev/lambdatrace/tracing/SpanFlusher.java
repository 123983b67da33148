package dev.lambdatrace.tracing;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * Blocks the invocation thread until the collector has acknowledged every span ended so far, up to the flush timeout.
 * Never throws: what is not acknowledged in time is counted as dropped.
 */
@Singleton
public class SpanFlusher {

    private final SdkTracerProvider tracerProvider;
    private final long timeoutNanos;
    private final EndedSpanCounter endedSpans;
    private final DroppedSpans droppedSpans;

    @Inject
    SpanFlusher(OpenTelemetry openTelemetry, TracingConfig config, EndedSpanCounter endedSpans,
            DroppedSpans droppedSpans) {
        // Quarkus' OpenTelemetry bean is always the SDK, also when the SDK is disabled.
        this.tracerProvider = ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider();
        this.timeoutNanos = config.flushTimeout().toNanos();
        this.endedSpans = endedSpans;
        this.droppedSpans = droppedSpans;
    }

    /** Must not run on a Vert.x event loop: the exporter needs that loop to complete the flush it waits for. */
    void flush() {
        long spansInFlush = endedSpans.takeCount();
        CompletableResultCode result = tracerProvider.forceFlush().join(timeoutNanos, NANOSECONDS);
        if (result.isSuccess()) {
            droppedSpans.onAcknowledged();
        } else if (result.isDone()) {
            droppedSpans.onUnacknowledged(spansInFlush, describe(result.getFailureThrowable()));
        } else {
            droppedSpans.onUnacknowledged(spansInFlush, "no acknowledgement within " + timeoutNanos / 1_000_000 + " ms");
        }
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "the export failed";
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return "the export failed: " + cause;
    }
}
