package dev.lambdatrace.tracing;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Delivers one invocation's spans synchronously, on the calling thread, within a time limit.
 */
interface SpanTransport {

    /**
     * Returns once the receiver has acknowledged the spans; throws if it refused them, failed, or did not answer
     * within {@code timeout}.
     */
    void send(Collection<SpanData> spans, Duration timeout) throws IOException;
}
