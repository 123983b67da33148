package dev.lambdatrace.lab.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.XrayUdpReceiver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.RuntimeApi;

/**
 * Runs the lab's own side (Runtime API endpoint, OTLP and UDP sinks, fake X-Ray) a few hundred times before any contestant
 * starts. Otherwise the first contestant's init and every contestant's first invocation would include the lab JVM
 * loading and compiling its own classes, which is not the function's cost.
 */
public final class LabWarmUp {

    public static final int ROUNDS = 300;
    public static final Duration SETTLE = Duration.ofSeconds(2);

    public static void run(Vertx vertx) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint(vertx, "warm-up");
        OtlpReceiver otlp = OtlpReceiver.start(0);
        XrayUdpReceiver udp = XrayUdpReceiver.start(0);
        FakeXray xray = FakeXray.start();
        try (DatagramChannel datagrams = DatagramChannel.open()) {
            byte[] export = exportRequest().toByteArray();
            byte[] datagram = ("{\"format\":\"json\",\"version\":1}\nT1S" + Base64.getEncoder().encodeToString(export))
                    .getBytes(StandardCharsets.UTF_8);
            String api = "http://" + endpoint.address();
            // An internal extension, as the after-response contestants register one: its first registration and
            // events must not be the lab JVM's first either.
            String extension = client.send(HttpRequest.newBuilder(URI.create(api + RuntimeApi.EXTENSION_REGISTER))
                    .header(RuntimeApi.EXTENSION_NAME, "warm-up")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER)
                    .orElseThrow();
            CompletableFuture<HttpResponse<String>> event = get(client, api + RuntimeApi.EXTENSION_NEXT, extension);
            CompletableFuture<HttpResponse<String>> next = get(client, api + RuntimeApi.NEXT);
            for (int round = 0; round < ROUNDS; round++) {
                String header = HttpApiEvents.sampledTraceHeader();
                CompletableFuture<Invocation> invocation = endpoint.invoke(HttpApiEvents.getRoot(header), header);
                String requestId = next.get(5, TimeUnit.SECONDS).headers().firstValue(RuntimeApi.REQUEST_ID)
                        .orElseThrow();
                client.send(HttpRequest.newBuilder(URI.create(otlp.address()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(export)).build(),
                        HttpResponse.BodyHandlers.discarding());
                datagrams.send(ByteBuffer.wrap(datagram), new java.net.InetSocketAddress("127.0.0.1", udp.port()));
                client.send(HttpRequest.newBuilder(URI.create(xray.endpoint() + "/TraceSegments"))
                        .POST(HttpRequest.BodyPublishers.ofString(segments(header))).build(),
                        HttpResponse.BodyHandlers.discarding());
                client.send(HttpRequest.newBuilder(URI.create(api + RuntimeApi.INVOCATION + requestId
                        + RuntimeApi.RESPONSE)).POST(HttpRequest.BodyPublishers.ofString("{\"statusCode\":200}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                next = get(client, api + RuntimeApi.NEXT);
                event.get(5, TimeUnit.SECONDS);
                event = get(client, api + RuntimeApi.EXTENSION_NEXT, extension);
                invocation.get(5, TimeUnit.SECONDS);
                udp.collect();
            }
        } finally {
            endpoint.close();
            otlp.close();
            udp.close();
            xray.close();
        }
        // The JIT compiles what the warm-up made hot on this machine's two cores; let it finish before any
        // contestant's init is timed.
        Thread.sleep(SETTLE.toMillis());
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient client, String uri) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient client, String uri, String extension) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(uri)).header(RuntimeApi.EXTENSION_IDENTIFIER,
                extension).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Shaped like a function's export (attributes of each type on the span and the resource), so decoding one is warm. */
    private static ExportTraceServiceRequest exportRequest() {
        Span span = Span.newBuilder().setName("GET /").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                .setParentSpanId(ByteString.copyFrom(new byte[8]))
                .addAttributes(attribute("faas.invocation_id", AnyValue.newBuilder().setStringValue("warm-up")))
                .addAttributes(attribute("faas.coldstart", AnyValue.newBuilder().setBoolValue(false)))
                .addAttributes(attribute("http.response.status_code", AnyValue.newBuilder().setIntValue(200)))
                .build();
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", AnyValue.newBuilder().setStringValue("warm-up")))
                .addAttributes(attribute("faas.max_memory", AnyValue.newBuilder().setIntValue(536870912)))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    /** A PutTraceSegments call shaped like the collector's for one span. */
    private static String segments(String traceHeader) {
        String traceId = traceHeader.substring("Root=".length(), traceHeader.indexOf(';'));
        JsonObject http = new JsonObject().put("request", new JsonObject().put("method", "GET"))
                .put("response", new JsonObject().put("status", 200));
        JsonObject segment = new JsonObject().put("name", "warm-up").put("id", "53995c3f42cd8ad8")
                .put("trace_id", traceId).put("start_time", 1.0).put("end_time", 2.0).put("http", http)
                .put("metadata", new JsonObject().put("default", new JsonObject().put("faas.invocation_id", "warm-up")));
        return new JsonObject().put("TraceSegmentDocuments", new JsonArray().add(segment.encode())).encode();
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private LabWarmUp() {
    }
}
