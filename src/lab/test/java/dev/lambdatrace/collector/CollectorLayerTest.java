package dev.lambdatrace.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import dev.lambdatrace.emulator.Sandbox;
import dev.lambdatrace.emulator.ScriptedRuntime;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;

/**
 * The real collector as a layer in a sandbox: it serves the function once the sandbox is ready, and when the sandbox
 * ends it shuts down as on Lambda's SHUTDOWN, exporting what its batch processor still holds.
 */
class CollectorLayerTest {


    @TempDir
    Path directory;
    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void collectorEndingWithItsSandboxExportsWhatItsBatchProcessorStillHolds() throws Exception {
        // given: a batch processor that would hold the span for a minute
        Map<String, String> config = new HashMap<>(OtelCollector.withBatchProcessor());
        config.put("processors::batch::timeout", "60s");
        CollectorLayer layer = CollectorLayer.of(OtelCollector.shippedConfig(), config, FakeXray.start(),
                directory.resolve("collector.log"));
        try (Sandbox sandbox = Sandbox.start(vertx, "layer", ScriptedRuntime.command(directory, Duration.ZERO),
                Map.of(), layer, false, directory.resolve("function.log"), endpoint -> {
                }, List.of(layer))) {
            assertTrue(sandbox.awaitReady(Duration.ofSeconds(30)), layer.output());
            String traceId = export(layer);
            assertEquals(0, layer.spans().size(), "the batch processor holds the span");

            // when
            sandbox.terminate(Duration.ofSeconds(5));

            // then
            assertEquals(List.of(traceId), layer.spans().stream().map(ReceivedSpan::traceId).toList(),
                    layer.output());
            layer.awaitOutput("Shutdown complete");
        }
    }

    /** Posts one SERVER span with an X-Ray-valid trace ID, as a function's flush would; returns its trace ID. */
    private static String export(CollectorLayer layer) throws Exception {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        long nowSeconds = System.currentTimeMillis() / 1000;
        ByteString traceId = ByteString.copyFrom(ByteBuffer.allocate(16).putInt((int) nowSeconds).put(random).array());
        long now = System.currentTimeMillis() * 1_000_000L;
        Span span = Span.newBuilder().setTraceId(traceId).setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6,
                7, 8})).setName("GET /").setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(now - 1_000_000)
                .setEndTimeUnixNano(now).build();
        Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("layer"))).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(resource).addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(layer.address()))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, answer.statusCode());
        return java.util.HexFormat.of().formatHex(traceId.toByteArray());
    }
}
