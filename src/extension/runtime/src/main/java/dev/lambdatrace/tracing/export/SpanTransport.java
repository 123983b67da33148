package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Delivers one invocation's spans synchronously, on the calling thread, within a time limit.
 */
public interface SpanTransport {

    /** What a send could not deliver, and why; {@link #ALL} when it delivered everything. */
    record Sent(int dropped, String reason) {
        static final Sent ALL = new Sent(0, null);
    }

    /**
     * Returns once the spans are delivered (acknowledged, for a transport that has acknowledgements); throws if none
     * could be, or if the receiver did not answer within {@code timeout}.
     */
    Sent send(Collection<SpanData> spans, Duration timeout) throws IOException;

    /**
     * Ends a send in flight at once, and refuses every later one, with {@code reason}: at shutdown, when the budget
     * has run out. A transport whose sends never wait does nothing.
     */
    default void abort(String reason) {
    }
}
