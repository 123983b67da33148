package dev.lambdatrace.tracing.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP with protobuf bodies to the collector layer's port 4318, sent on the calling thread: no event-loop
 * hop, no exporter thread, and one keep-alive connection. An answer of 200 with an OTLP partial success counts the
 * spans the collector rejected as dropped; any other answer is the collector's refusal of the whole export, which is
 * never sent again.
 */
final class OtlpHttpTransport implements SpanTransport {

    private static final int EXCERPT = 200;
    // The statuses after which the OTLP specification lets a client retry, honouring Retry-After.
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    private final CollectorConnection connection;
    private final OtlpEncoding encoding = new OtlpEncoding();
    private final boolean gzip;

    /** With {@code gzip}, bodies are compressed and sent with {@code Content-Encoding: gzip}. */
    OtlpHttpTransport(URI endpoint, Map<String, String> headers, boolean gzip) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (gzip) {
            all.put("Content-Encoding", "gzip");
        }
        this.connection = new CollectorConnection(endpoint, "application/x-protobuf", all);
        this.gzip = gzip;
    }

    /** TCP connections opened so far. */
    int connectionsOpened() {
        return connection.connectionsOpened();
    }

    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body = encoding.encode(spans);
        return outcome(connection.post(gzip ? gzip(body) : body, deadline), spans.size());
    }

    @Override
    public void abort(String reason) {
        connection.abort(reason);
    }

    /** What the collector's answer means for {@code spans} spans: all delivered, some rejected, or a refusal. */
    static Sent outcome(CollectorConnection.Answer answer, int spans) throws IOException {
        if (answer.status() < 200 || answer.status() >= 300) {
            throw new IOException(refusal(answer));
        }
        OtlpPartialSuccess partial = OtlpPartialSuccess.of(answer.body());
        if (partial.rejectedSpans() > 0) {
            int rejected = (int) Math.min(spans, partial.rejectedSpans());
            return new Sent(rejected, "the collector rejected " + rejected + " span(s)"
                    + (partial.errorMessage().isEmpty() ? "" : ": " + partial.errorMessage()));
        }
        return Sent.ALL;
    }

    /**
     * What the collector said, for the log: the status, its {@code google.rpc.Status} message (or the start of a text
     * body), and any {@code Retry-After}, which a flush does not wait for: Lambda may freeze the sandbox first.
     */
    static String refusal(CollectorConnection.Answer answer) {
        StringBuilder why = new StringBuilder("the collector refused the export with HTTP ").append(answer.status());
        byte[] body = answer.body();
        if (answer.contentType().contains("protobuf")) {
            RpcStatus.messageOf(body).ifPresent(message -> why.append(": ").append(HttpAnswerParser.printable(message)));
        } else if (body.length > 0) {
            String text = new String(body, 0, Math.min(EXCERPT, body.length), StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                why.append(": ").append(HttpAnswerParser.printable(text));
            }
        }
        if (RETRYABLE.contains(answer.status()) && !answer.retryAfter().isEmpty()) {
            why.append(" (it asked for a retry after ").append(HttpAnswerParser.printable(answer.retryAfter()))
                    .append("; a flush never waits for one)");
        }
        return why.toString();
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8192)) {
            out.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory failed", e);
        }
        return compressed.toByteArray();
    }
}
