package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.collector.XraySegmentSchema;
import dev.lambdatrace.emulator.CapturedEvents;
import dev.lambdatrace.tracing.attributes.FunctionResource;
import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import dev.lambdatrace.tracing.config.ResourceSettings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * What X-Ray gets, through the real collector with the shipped config, stays within AWS's segment document schema
 * (v1.0.0, {@link XraySegmentSchema}) for every request a user can send: very long URLs and queries, odd and long
 * host names, long user agents, methods the conventions do not know, many resource attributes, and the events AWS's
 * own tool generates.
 */
class XraySegmentSchemaTest {

    static CollectorLayer collector;

    @BeforeAll
    static void startTheCollector() {
        collector = OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start(), Map.of());
    }

    @AfterAll
    static void stopTheCollector() {
        collector.close();
    }

    static Stream<APIGatewayV2HTTPEvent> requestsAUserCanSend() throws IOException {
        return Stream.of(
                event("GET", "abc.execute-api.us-east-1.amazonaws.com", "/" + "segment/".repeat(500),
                        "q=" + "x".repeat(10_000), "curl/8.5.0"),
                event("GET", null, "/", "", "curl/8.5.0"),
                event("GET", "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61),
                        "/items", "page=2", "curl/8.5.0"),
                event("GET", "bücher.例え.jp", "/straße/€", "name=ü", "Mozilla/5.0 " + "(compatible) ".repeat(200)),
                event("PROPFIND", "api.example.com:8443", "/dav", "", "agent\twith\ncontrol\u0001characters"),
                event("GET", "abc.execute-api.us-east-1.amazonaws.com", "/😀".repeat(200), "", "curl/8.5.0"));
    }

    @ParameterizedTest
    @MethodSource("requestsAUserCanSend")
    void segmentOfAnyRequestStaysWithinTheSchema(APIGatewayV2HTTPEvent event) {
        XraySegment segment = exported(event, Map.of());

        assertEquals(List.of(), XraySegmentSchema.violations(segment.document()), segment.document().encode());
    }

    static Stream<Path> eventsFromOutside() {
        return CapturedEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("eventsFromOutside")
    void segmentOfEveryEventFromOutsideStaysWithinTheSchema(Path file) throws IOException {
        APIGatewayV2HTTPEvent event;
        try (InputStream json = Files.newInputStream(file)) {
            // AWS's own deserializer, as its runtime client reads events.
            event = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                    .fromJson(json);
        }

        XraySegment segment = exported(event, Map.of());

        assertEquals(List.of(), XraySegmentSchema.violations(segment.document()), file + ": "
                + segment.document().encode());
        assertTrue(segment.httpRequestUrl().startsWith("https://"), segment.httpRequestUrl());
    }

    @Test
    void twoHundredResourceAttributesStayWithinTheSchemaAndItsSizeLimit() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            attributes.put("team.attribute." + i, "v".repeat(100));
        }

        XraySegment segment = exported(event("GET", "abc.execute-api.us-east-1.amazonaws.com", "/", "", "curl"),
                attributes);

        assertEquals(List.of(), XraySegmentSchema.violations(segment.document()));
        assertTrue(segment.document().encode().contains("team.attribute.199"), "the attributes reached X-Ray");
    }

    @Test
    void longUrlIsCutToTheSchemasLimitQueryFirstAndTheSegmentSaysWhatWasAsked() {
        XraySegment segment = exported(event("GET", "abc.execute-api.us-east-1.amazonaws.com", "/items",
                "q=" + "x".repeat(1_000), "curl"), Map.of());

        assertEquals(250, segment.httpRequestUrl().length(), segment.httpRequestUrl());
        assertTrue(segment.httpRequestUrl().startsWith("https://abc.execute-api.us-east-1.amazonaws.com/items?q=xx"),
                segment.httpRequestUrl());
    }

    /** The ADOT layer's collector release (v0.117.0) joins url.path and url.query wrongly; url.full is taken first. */
    @Test
    void urlWithAPathAndAQueryReachesXrayWholeThroughTheLayersCollectorRelease() {
        XraySegment segment = exported(event("GET", "abc.execute-api.us-east-1.amazonaws.com", "/items", "page=2",
                "curl"), Map.of());

        assertEquals("https://abc.execute-api.us-east-1.amazonaws.com/items?page=2", segment.httpRequestUrl());
    }

    /** One invocation's root span, made by the function's own attribute code, flushed; the segment X-Ray got. */
    private static XraySegment exported(APIGatewayV2HTTPEvent event, Map<String, String> resourceAttributes) {
        OtlpHttpTransport transport = new OtlpHttpTransport(URI.create(collector.address()), Map.of(), false);
        FunctionResource resource = new FunctionResource(Map.of("AWS_LAMBDA_FUNCTION_NAME", "traced-function",
                "AWS_REGION", "us-east-1"), new ResourceSettings(resourceAttributes));
        InvocationSpanProcessor processor = new InvocationSpanProcessor(
                new ExportTarget(transport, Duration.ofSeconds(5)), resource);
        SpanFlusher flusher = new SpanFlusher(processor, new DroppedSpans());
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
        int before = collector.xray().segments().size();
        processor.invocationStarted();
        String method = InvocationAttributes.method(event);
        SpanBuilder builder = tracerProvider.get("test").spanBuilder(InvocationAttributes.spanName(method, null))
                .setSpanKind(SpanKind.SERVER);
        Span span = InvocationAttributes.onStart(builder, event, "request-1", false, true).startSpan();
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        InvocationAttributes.onEnd(span, response, null);
        span.end();
        flusher.flush(InvocationDeadline.UNKNOWN);
        List<XraySegment> segments = collector.xray().segments();
        assertEquals(before + 1, segments.size(), collector.output());
        return segments.get(segments.size() - 1);
    }

    private static APIGatewayV2HTTPEvent event(String method, String domain, String path, String query,
            String userAgent) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withRawQueryString(query)
                .withHeaders(domain == null ? Map.of("host", "h" + "o".repeat(400) + ".example") : Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withDomainName(domain)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("203.0.113.7").withUserAgent(userAgent)
                                .build())
                        .build())
                .build();
    }
}
