package dev.lambdatrace.tracing.flush;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.export.SpanFlusher;

/**
 * Chooses when spans leave: after the response when {@code tracing.flush=after-response} and the internal extension
 * registered; before it otherwise.
 */
final class InvocationFlushes {

    @Produces
    @Singleton
    static InvocationFlush invocationFlush(SpanFlusher flusher, FlushExtension extension) {
        return extension.registered() ? new AfterResponseFlush(extension) : new BeforeResponseFlush(flusher);
    }

    private InvocationFlushes() {
    }
}
