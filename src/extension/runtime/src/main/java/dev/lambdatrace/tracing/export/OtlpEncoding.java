package dev.lambdatrace.tracing.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;

import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Encodes spans as a binary OTLP {@code ExportTraceServiceRequest}, with the OTel SDK's own marshaler in its
 * low-allocation form, reused from one flush to the next. The tests decode the result with the official protos.
 */
final class OtlpEncoding {

    private final LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    synchronized byte[] encode(Collection<SpanData> spans) {
        marshaler.initialize(spans);
        try {
            buffer.reset();
            marshaler.writeBinaryTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        } finally {
            marshaler.reset();
        }
    }
}
