package org.acme.greetings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedLogRecord;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.downstream.EchoService;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The application as Quarkus' mock event server runs it (dev mode and tests): what it traces, logs and measures, as
 * the collector and the downstream service receive it, by the time each invocation has answered.
 */
@QuarkusTest
@WithTestResource(GreetingTestResources.class)
public class GreetingResourceTest {

    // Quarkus' mock event server takes the invocation's request id from this header.
    static final String REQUEST_ID_HEADER = "Lambda-Runtime-Aws-Request-Id";

    OtlpReceiver collector;
    EchoService downstream;
    int mark;

    @BeforeEach
    void markTheCollector() {
        collector = GreetingTestResources.collector();
        downstream = GreetingTestResources.downstream();
        mark = collector.mark();
    }

    @Test
    void rootSpanIsNamedAfterTheResourcesPathTemplateAndTheWithSpanMethodIsItsChild() {
        // when
        given().when().get("/greeting/ada").then().statusCode(200).body(is("Hello ada"));

        // then: both spans left before the answer
        List<ReceivedSpan> spans = collector.spansSince(mark);
        ReceivedSpan root = root(spans);
        assertEquals("GET /greeting/{name}", root.name());
        assertEquals("/greeting/{name}", root.attribute("http.route"));
        assertEquals(200L, root.attribute("http.response.status_code"));
        ReceivedSpan composed = named(spans, "compose greeting");
        assertEquals(SpanKind.SPAN_KIND_INTERNAL, composed.kind());
        assertEquals(root.traceId(), composed.traceId());
        assertEquals(root.spanId(), composed.parentSpanId());
        assertEquals("ada", composed.attribute("greeting.name"));
        assertEquals(2, spans.size(), spans.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/greeting/ada/remote", "/greeting/ada/reactive" })
    void restClientCallIsAClientSpanUnderTheRootAndCarriesItsContextDownstream(String path) {
        // given
        int calls = downstream.requests().size();

        // when: on a worker thread, and on the event loop
        given().when().get(path).then().statusCode(200).body(is("Hello ada"));

        // then
        List<ReceivedSpan> spans = collector.spansSince(mark);
        ReceivedSpan root = root(spans);
        ReceivedSpan call = spans.stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst()
                .orElseThrow(() -> new AssertionError("no client span: " + spans));
        assertEquals(root.traceId(), call.traceId());
        assertEquals(root.spanId(), call.parentSpanId());
        EchoService.Request received = downstream.requests().get(calls);
        assertEquals(root.traceId(), received.traceparentTraceId(), received.headers().toString());
        assertEquals(call.spanId(), received.traceparentSpanId(), received.headers().toString());
        // The X-Ray propagator, on by default: the same trace, in X-Ray's form.
        String xray = received.headers().get("X-Amzn-Trace-Id");
        assertNotNull(xray, received.headers().toString());
        assertTrue(xray.contains("Root=1-" + root.traceId().substring(0, 8) + "-" + root.traceId().substring(8)),
                xray);
        assertTrue(xray.contains("Parent=" + call.spanId()), xray);
    }

    @Test
    void exceptionAnExceptionMapperAnswersStillMarksTheRootSpanFailedWithTheException() {
        // when
        given().when().get("/greeting/refused/ada").then().statusCode(500);

        // then
        ReceivedSpan root = root(collector.spansSince(mark));
        assertEquals("GET /greeting/refused/{name}", root.name());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.proto().getStatus().getCode());
        assertTrue(root.proto().getEventsList().stream().anyMatch(event -> event.getName().equals("exception")
                && event.getAttributesList().stream().anyMatch(attribute -> attribute.getKey().equals("exception.type")
                        && attribute.getValue().getStringValue().equals(GreetingRefused.class.getName()))),
                root.proto().getEventsList().toString());
    }

    @Test
    void everyLineLoggedDuringAnInvocationCarriesItsIdsOnEveryThread() {
        // given
        String requestId = UUID.randomUUID().toString();
        try (CapturedLines lines = CapturedLines.start()) {

            // when: a worker thread (the resource, the service) and the event loop (the reactive resource)
            given().header(REQUEST_ID_HEADER, requestId).when().get("/greeting/grace/remote").then().statusCode(200);
            given().header(REQUEST_ID_HEADER, requestId).when().get("/greeting/grace/reactive").then()
                    .statusCode(200);

            // then
            List<ReceivedSpan> roots = collector.spansSince(mark).stream()
                    .filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER).toList();
            List<CapturedLines.Line> written = lines.of("org.acme.greetings");
            assertEquals(3, written.size(), written.toString());
            for (CapturedLines.Line line : written) {
                ReceivedSpan root = roots.stream().filter(span -> span.traceId().equals(line.mdc().get("traceId")))
                        .findFirst().orElseThrow(() -> new AssertionError("no invocation's trace id: " + line));
                assertEquals(requestId, line.mdc().get("AWSRequestId"), line.toString());
                assertEquals("1-" + root.traceId().substring(0, 8) + "-" + root.traceId().substring(8),
                        line.mdc().get("xrayTraceId"), line.toString());
                assertFalse(line.mdc().getOrDefault("spanId", "").isEmpty(), line.toString());
            }
            assertTrue(written.stream().anyMatch(line -> line.thread().contains("executor")), written.toString());
            assertTrue(written.stream().anyMatch(line -> line.thread().contains("eventloop")), written.toString());
        }
    }

    @Test
    void metricsAndLogRecordsTheApplicationEnabledLeaveWithTheInvocationsSpans() {
        // given
        int metrics = collector.metrics().size();
        int logRecords = collector.logRecords().size();

        // when
        given().when().get("/greeting/lin").then().statusCode(200);

        // then: already at the collector when the invocation answered
        ReceivedSpan root = root(collector.spansSince(mark));
        assertTrue(collector.metrics().subList(metrics, collector.metrics().size()).stream()
                .anyMatch(metric -> metric.name().equals("greetings.composed")), collector.metrics().toString());
        List<ReceivedLogRecord> records = collector.logRecords().subList(logRecords, collector.logRecords().size());
        assertTrue(records.stream().anyMatch(record -> record.body().equals("Greeting lin")
                && record.traceId().equals(root.traceId())), records.toString());
    }

    static ReceivedSpan root(List<ReceivedSpan> spans) {
        List<ReceivedSpan> roots = spans.stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER).toList();
        assertEquals(1, roots.size(), () -> "one invocation, one root span: " + spans);
        return roots.get(0);
    }

    static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
        return spans.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span named " + name + ": " + spans));
    }
}
