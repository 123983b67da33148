package dev.lambdatrace.tracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collection;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP with protobuf bodies to the collector layer's port 4318, sent on the invocation thread: no
 * event-loop hop, no exporter thread, and one keep-alive connection.
 */
final class OtlpHttpTransport implements SpanTransport {

    private final CollectorConnection connection;

    OtlpHttpTransport(URL endpoint) {
        this.connection = new CollectorConnection(endpoint, "application/x-protobuf");
    }

    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The marshaler the OTel SDK's own OTLP exporters use; the tests decode its output with the official protos.
        TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream body = new ByteArrayOutputStream(request.getBinarySerializedSize());
        request.writeBinaryTo(body);
        int status = connection.post(body.toByteArray(), deadline);
        if (status < 200 || status >= 300) {
            throw new IOException("the collector answered HTTP " + status);
        }
        return Sent.ALL;
    }
}
