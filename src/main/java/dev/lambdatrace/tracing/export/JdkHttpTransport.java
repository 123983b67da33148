package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP with the JDK's {@link HttpClient} (HTTP/1.1, a timeout per request): the candidate to replace
 * {@link CollectorConnection}, measured against it in the native lab.
 */
final class JdkHttpTransport implements SpanTransport {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final OtlpEncoding encoding = new OtlpEncoding();
    private final URI endpoint;
    private final Map<String, String> headers;

    JdkHttpTransport(URI endpoint, Map<String, String> headers) {
        this.endpoint = endpoint;
        this.headers = headers;
    }

    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(spans)));
        headers.forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new IOException("the collector answered HTTP " + response.statusCode());
        }
        OtlpPartialSuccess partial = OtlpPartialSuccess.of(response.body());
        return partial.rejectedSpans() > 0 ? new Sent((int) Math.min(spans.size(), partial.rejectedSpans()),
                "the collector rejected spans: " + partial.errorMessage()) : Sent.ALL;
    }
}
