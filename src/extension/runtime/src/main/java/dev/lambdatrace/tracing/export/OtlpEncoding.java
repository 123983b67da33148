package dev.lambdatrace.tracing.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;

import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Encodes spans as a binary OTLP {@code ExportTraceServiceRequest}, with the OTel SDK's own marshaler in its
 * low-allocation form, reused from one flush to the next. The buffer is kept for the next flush only while it stays
 * small: one large batch (a background export of hundreds of spans) does not hold its memory for the process's life.
 * The tests decode the result with the official protos.
 */
final class OtlpEncoding {

    static final int INITIAL_BYTES = 4096;
    // A flush per invocation encodes a few kilobytes; what grew beyond this is let go after use.
    static final int KEPT_BYTES = 64 * 1024;

    private final LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(INITIAL_BYTES);
    private int retainedBytes = INITIAL_BYTES;

    synchronized byte[] encode(Collection<SpanData> spans) {
        marshaler.initialize(spans);
        try {
            buffer.reset();
            marshaler.writeBinaryTo(buffer);
            byte[] encoded = buffer.toByteArray();
            retainedBytes = Math.max(retainedBytes, encoded.length);
            if (retainedBytes > KEPT_BYTES) {
                buffer = new ByteArrayOutputStream(INITIAL_BYTES);
                retainedBytes = INITIAL_BYTES;
            }
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        } finally {
            marshaler.reset();
        }
    }

    /** At least how many bytes the buffer holds on to between encodings. */
    synchronized int retainedBytes() {
        return retainedBytes;
    }
}
