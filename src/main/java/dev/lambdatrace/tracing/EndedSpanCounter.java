package dev.lambdatrace.tracing;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts the sampled spans ended since the last flush, so a flush that is not acknowledged knows how many it dropped.
 */
@Singleton
public class EndedSpanCounter implements SpanProcessor {

    private final AtomicLong endedSinceLastFlush = new AtomicLong();

    /** The spans ended since the previous call. */
    long takeCount() {
        return endedSinceLastFlush.getAndSet(0);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (span.getSpanContext().isSampled()) {
            endedSinceLastFlush.incrementAndGet();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
