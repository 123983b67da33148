package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * How the collector's answers become what a flush reports: refusals with their decoded reason, throttling that is
 * never waited for, and gzip.
 */
class OtlpHttpTransportTest {

    CollectorConnectionTest.ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 503 })
    void throttlingIsARefusalWithItsDecodedStatusAndItsRetryAfterNeverWaitedFor(int status) throws Exception {
        // given: the collector's google.rpc.Status {code: 8, message: "memory limiter"} and Retry-After: 30
        byte[] rpcStatus = rpcStatus(8, "memory limiter: too much data");
        server = answering(status, "application/x-protobuf", "Retry-After: 30\r\n", rpcStatus);
        OtlpHttpTransport transport = transportTo(server, false);

        // when
        IOException refusal = assertThrows(IOException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> transport.send(spans(), Duration.ofSeconds(30))));

        // then
        assertEquals("the collector refused the export with HTTP " + status + ": memory limiter: too much data"
                + " (it asked for a retry after 30; a flush never waits for one)", refusal.getMessage());
        assertEquals(1, server.requests.size(), "sent once");
    }

    @Test
    void textErrorBodyIsQuotedAndBinaryOnesAreNeverPrintedRaw() throws Exception {
        server = answering(400, "text/plain; charset=utf-8", "", "http: request body too large\n"
                .getBytes(StandardCharsets.UTF_8));

        IOException refusal = assertThrows(IOException.class,
                () -> transportTo(server, false).send(spans(), Duration.ofSeconds(5)));

        assertEquals("the collector refused the export with HTTP 400: http: request body too large",
                refusal.getMessage());
        assertEquals("ab?c", HttpAnswerParser.printable("ab\u0001c"));
    }

    @Test
    void gzipBodiesAreCompressedAndSaySo() throws Exception {
        server = answering(200, "application/x-protobuf", "", new byte[0]);

        transportTo(server, true).send(spans(), Duration.ofSeconds(5));

        String request = server.requests.get(0);
        assertTrue(request.contains("\r\nContent-Encoding: gzip\r\n"), request);
        // The gzip magic number starts the body.
        assertTrue(request.substring(request.indexOf("\r\n\r\n") + 4).startsWith("\u001f\u008b"), request);
    }

    static byte[] rpcStatus(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        out.write(0x08);
        out.write(code);
        out.write(0x12);
        out.write(text.length);
        out.writeBytes(text);
        return out.toByteArray();
    }

    private static CollectorConnectionTest.ScriptedServer answering(int status, String contentType, String extraHeaders,
            byte[] body) throws IOException {
        return new CollectorConnectionTest.ScriptedServer((request, out, n) -> {
            out.write(("HTTP/1.1 " + status + " Status\r\nContent-Type: " + contentType + "\r\n" + extraHeaders
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            return true;
        });
    }

    private static OtlpHttpTransport transportTo(CollectorConnectionTest.ScriptedServer server, boolean gzip) {
        return new OtlpHttpTransport(URI.create("http://127.0.0.1:" + server.port() + "/v1/traces"), Map.of(), gzip);
    }

    private static List<SpanData> spans() {
        Span span = SdkTracerProvider.builder().build().get("test").spanBuilder("GET /").startSpan();
        span.end();
        return List.of(((ReadableSpan) span).toSpanData());
    }
}
