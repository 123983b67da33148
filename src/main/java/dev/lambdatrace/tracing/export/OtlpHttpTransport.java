package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collection;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP with protobuf bodies to the collector layer's port 4318, sent on the invocation thread: no
 * event-loop hop, no exporter thread, and one keep-alive connection.
 */
final class OtlpHttpTransport implements SpanTransport {

    private final CollectorConnection connection;
    private final OtlpEncoding encoding = new OtlpEncoding();

    OtlpHttpTransport(URL endpoint) {
        this.connection = new CollectorConnection(endpoint, "application/x-protobuf");
    }

    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = connection.post(encoding.encode(spans), deadline);
        if (status < 200 || status >= 300) {
            throw new IOException("the collector answered HTTP " + status);
        }
        return Sent.ALL;
    }
}
