package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * The flush's HTTP client against the real collector's Go HTTP server, with the shipped config (no processors, so each
 * answer waits for X-Ray): kept connections, a collector that dies, idle timeouts, refusals, and a slow X-Ray.
 */
class RealCollectorTest {

    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(500);

    CollectorLayer collector;
    OtlpHttpTransport transport;
    InvocationSpanProcessor processor;
    DroppedSpans dropped;
    SpanFlusher flusher;
    SdkTracerProvider tracerProvider;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Tag("long-running")
    void tenThousandFlushesOverOneKeptConnectionLoseNoSpan() {
        start(FakeXray.start(), Map.of());

        for (int i = 0; i < 10_000; i++) {
            invocation(1, InvocationDeadline.UNKNOWN);
        }

        assertEquals(0, dropped.total());
        assertEquals(1, transport.connectionsOpened(), "one kept connection");
        assertEquals(10_000, collector.xray().segments().size());
    }

    /**
     * Failures as X-Ray shows them, on root spans the function's own attribute code made: a 5xx answer and a handler
     * that throws are faults, with the exception on the segment; a 4xx is an error. (The packaged function has no
     * route that fails, so this runs here rather than on the jar or the executable.)
     */
    @Test
    void fiveHundredsAndThrownExceptionsAreFaultsAndFourHundredsErrors() {
        start(FakeXray.start(), Map.of());

        rootSpan("/unavailable", APIGatewayV2HTTPResponse.builder().withStatusCode(503).build(), null);
        rootSpan("/fail", null, new IllegalStateException("the handler failed on purpose"));
        rootSpan("/missing", APIGatewayV2HTTPResponse.builder().withStatusCode(404).build(), null);

        List<XraySegment> segments = collector.xray().segments();
        assertEquals(3, segments.size(), collector.output());
        assertEquals(503, segments.get(0).httpResponseStatus());
        assertTrue(segments.get(0).fault() && !segments.get(0).error(), segments.get(0).document().encode());
        assertTrue(segments.get(1).fault(), segments.get(1).document().encode());
        assertTrue(segments.get(1).document().encode().contains("IllegalStateException"),
                segments.get(1).document().encode());
        assertTrue(segments.get(2).error() && !segments.get(2).fault(), segments.get(2).document().encode());
    }

    @Test
    void gzipFlushesAreTakenByTheRealCollector() {
        start(FakeXray.start(), Map.of(), true);

        for (int i = 0; i < 3; i++) {
            invocation(1, InvocationDeadline.UNKNOWN);
        }

        assertEquals(0, dropped.total());
        assertEquals(3, collector.xray().segments().size());
    }

    @Test
    void collectorKilledAndRestartedCostsOnlyTheSpansFlushedWhileItWasDown() {
        // given
        start(FakeXray.start(), Map.of());
        for (int i = 0; i < 5; i++) {
            invocation(1, InvocationDeadline.UNKNOWN);
        }

        // when: SIGKILL, three invocations, then a new collector process on the same port
        collector.refuseConnections();
        for (int i = 0; i < 3; i++) {
            long took = invocation(1, InvocationDeadline.UNKNOWN);
            assertTrue(took < FLUSH_TIMEOUT.toNanos(), "a collector that is gone is an immediate error: " + took);
        }
        collector.startAndAwait(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            invocation(1, InvocationDeadline.UNKNOWN);
        }

        // then
        assertEquals(3, dropped.total(), "only the spans flushed while it was down");
        assertEquals(1, dropped.incidents());
        assertEquals(10, collector.xray().segments().size());
    }

    @Test
    void idleTimeoutThatClosedTheKeptConnectionCostsNothing() throws Exception {
        // given: a receiver that closes connections idle for 200 ms, as Go's http.Server.IdleTimeout does
        start(FakeXray.start(), Map.of("receivers::otlp::protocols::http::idle_timeout", "200ms"));
        invocation(1, InvocationDeadline.UNKNOWN);

        // when
        for (int i = 0; i < 3; i++) {
            Thread.sleep(600);
            invocation(1, InvocationDeadline.UNKNOWN);
        }

        // then
        assertEquals(0, dropped.total());
        assertEquals(4, collector.xray().segments().size());
        assertTrue(transport.connectionsOpened() >= 2, "reconnected after the idle timeout");
    }

    @Test
    void flushLargerThanTheReceiversLimitIsItsRefusalReadOnceAndNeverResent() {
        // given: a receiver that takes bodies up to 64 KiB, and a connection kept from a first flush
        start(FakeXray.start(), Map.of("receivers::otlp::protocols::http::max_request_body_size", "65536"));
        invocation(1, InvocationDeadline.UNKNOWN);

        // when: 40 spans with 400 KB of attributes each, 16 MB in one request: more than loopback's socket buffers
        // hold, so the collector answers while the request is still being written
        InvocationSpanProcessor.FlushOutcome outcome = flushOfLargeSpans(40, 400_000);

        // then
        assertEquals(40, outcome.dropped());
        // The Go collector answers 400, not 413, for a body over max_request_body_size.
        assertTrue(outcome.failure().contains("refused the export with HTTP 400: http: request body too large"),
                outcome.failure());
        assertFalse(outcome.failure().contains("stale"), outcome.failure());
        assertEquals(1, transport.connectionsOpened(), "the payload was not sent again on a fresh connection");
        invocation(1, InvocationDeadline.UNKNOWN);
        assertEquals(2, collector.xray().segments().size(), "the next flush goes through");
    }

    @Test
    void slowXrayWithNoProcessorsCostsAtMostTheFlushTimeoutOrTheTimeLeft() {
        // given: X-Ray answers the exporter after 2 s, and the receiver answers the function only then
        start(FakeXray.start().delay(Duration.ofSeconds(2)), Map.of());

        // when
        long boundedByTimeout = invocation(1, InvocationDeadline.UNKNOWN);
        // 250 ms left of a 1 s invocation, whose margin is 200 ms: the flush may wait 50 ms
        long boundedByDeadline = invocation(1, new InvocationDeadline(System.currentTimeMillis() + 250, 1_000));

        // then: the flush timeout (500 ms) bounds the first, the time left the second; each is at X-Ray's 2 s
        // only if the bound failed, which no loaded machine can turn into a pass
        assertTrue(boundedByTimeout >= FLUSH_TIMEOUT.toNanos(), boundedByTimeout / 1e6 + " ms");
        assertTrue(boundedByTimeout < Duration.ofSeconds(2).toNanos(), boundedByTimeout / 1e6 + " ms");
        assertTrue(boundedByDeadline < FLUSH_TIMEOUT.toNanos(), boundedByDeadline / 1e6 + " ms");
        assertEquals(2, dropped.total());
    }

    private void start(FakeXray xray, Map<String, String> settings) {
        start(xray, settings, false);
    }

    private void start(FakeXray xray, Map<String, String> settings, boolean gzip) {
        collector = OtelCollector.start(OtelCollector.shippedConfig(), xray, settings);
        transport = new OtlpHttpTransport(URI.create(collector.address()), Map.of(), gzip);
        ExportTarget target = new ExportTarget(transport, FLUSH_TIMEOUT);
        processor = new InvocationSpanProcessor(target, InvocationSpanProcessorTest.functionResource());
        dropped = new DroppedSpans();
        flusher = new SpanFlusher(processor, dropped);
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    }

    /** One invocation's span, then its flush; returns how long the flush took. */
    private long invocation(int spans, InvocationDeadline deadline) {
        processor.invocationStarted();
        for (int i = 0; i < spans; i++) {
            tracerProvider.get("test").spanBuilder("GET /").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").setAttribute("url.path", "/")
                    .setAttribute("http.response.status_code", 200L).startSpan().end();
        }
        long start = System.nanoTime();
        flusher.flush(deadline);
        return System.nanoTime() - start;
    }

    /** One invocation's root span, started and ended by the function's own attribute code, then its flush. */
    private void rootSpan(String path, APIGatewayV2HTTPResponse response, Throwable failure) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRawPath(path).withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withDomainName("lab.execute-api.us-east-1.amazonaws.com")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path)
                                .withProtocol("HTTP/1.1").build())
                        .build())
                .build();
        processor.invocationStarted();
        SpanBuilder builder = tracerProvider.get("test").spanBuilder(InvocationAttributes.spanName("GET", null))
                .setSpanKind(SpanKind.SERVER);
        Span span = InvocationAttributes.onStart(builder, event, "request-" + path, false, false).startSpan();
        InvocationAttributes.onEnd(span, response, failure);
        span.end();
        flusher.flush(InvocationDeadline.UNKNOWN);
    }

    private InvocationSpanProcessor.FlushOutcome flushOfLargeSpans(int spans, int attributeBytes) {
        processor.invocationStarted();
        String large = "x".repeat(attributeBytes);
        for (int i = 0; i < spans; i++) {
            tracerProvider.get("test").spanBuilder("large").setSpanKind(SpanKind.SERVER)
                    .setAttribute("payload", large).startSpan().end();
        }
        return processor.flush(FLUSH_TIMEOUT.multipliedBy(4));
    }
}
