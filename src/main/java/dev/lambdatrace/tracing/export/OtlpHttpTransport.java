package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP with protobuf bodies to the collector layer's port 4318, sent on the calling thread: no event-loop
 * hop, no exporter thread, and one keep-alive connection. An answer of 200 with an OTLP partial success counts the
 * spans the collector rejected as dropped.
 */
final class OtlpHttpTransport implements SpanTransport {

    private static final int EXCERPT = 200;

    private final CollectorConnection connection;
    private final OtlpEncoding encoding = new OtlpEncoding();

    OtlpHttpTransport(URI endpoint, Map<String, String> headers) {
        this.connection = new CollectorConnection(endpoint, "application/x-protobuf", headers);
    }

    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CollectorConnection.Answer answer = connection.post(encoding.encode(spans), deadline);
        if (answer.status() < 200 || answer.status() >= 300) {
            String body = new String(answer.body(), 0, Math.min(EXCERPT, answer.body().length), StandardCharsets.UTF_8);
            throw new IOException("the collector answered HTTP " + answer.status()
                    + (body.isBlank() ? "" : ": " + body.strip()));
        }
        OtlpPartialSuccess partial = OtlpPartialSuccess.of(answer.body());
        if (partial.rejectedSpans() > 0) {
            int rejected = (int) Math.min(spans.size(), partial.rejectedSpans());
            return new Sent(rejected, "the collector rejected " + rejected + " span(s)"
                    + (partial.errorMessage().isEmpty() ? "" : ": " + partial.errorMessage()));
        }
        return Sent.ALL;
    }
}
