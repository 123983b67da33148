package dev.lambdatrace.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * Chooses when spans leave, from {@code tracing.flush}.
 */
final class InvocationFlushes {

    @Produces
    @Singleton
    static InvocationFlush invocationFlush(SpanFlusher flusher) {
        return new BeforeResponseFlush(flusher);
    }

    private InvocationFlushes() {
    }
}
