package dev.lambdatrace.tracing;

import static dev.lambdatrace.tracing.TracingTestApp.REQUEST_ID_HEADER;
import static dev.lambdatrace.tracing.TracingTestApp.single;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.QuarkusUnitTest;

public class InvocationTracerTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverOtlp(InvocationTracerTest.class);

    @Inject
    TestReceivers receivers;


    OtlpReceiver receiver;
    int mark;

    @BeforeEach
    void markReceiver() {
        receiver = receivers.otlp();
        mark = receiver.mark();
    }

    @Test
    void everyInvocationExportsExactlyOneServerRootSpan() {
        // when
        for (int i = 0; i < 5; i++) {
            given().when().get("/").then().statusCode(200);
        }

        // then
        List<ReceivedSpan> spans = receiver.spansSince(mark);
        assertEquals(5, spans.size());
        assertEquals(5, spans.stream().map(ReceivedSpan::traceId).distinct().count(), "one trace per invocation");
        for (ReceivedSpan span : spans) {
            assertEquals(SpanKind.SPAN_KIND_SERVER, span.kind());
            assertEquals("GET /", span.name());
            assertEquals("", span.parentSpanId(), "no X-Ray parent was given, so the span is a root");
        }
    }

    @Test
    void tracingStartsNoThreadForTheMetricsAndLogsItDoesNotExport() {
        // when
        given().when().get("/").then().statusCode(200);

        // then: among this application's threads (an application that ran before in this JVM may leave its own)
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        Set<String> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getContextClassLoader() == application).map(Thread::getName)
                .collect(Collectors.toSet());
        assertTrue(threads.stream().noneMatch(name -> name.startsWith("PeriodicMetricReader")
                || name.startsWith("BatchLogRecordProcessor") || name.startsWith("BatchSpanProcessor")),
                threads.toString());
    }

    @Test
    void rootSpanCarriesFaasCloudAndHttpAttributes() {
        // given: not the process's first invocation, whichever test ran before this one
        given().when().get("/").then().statusCode(200);
        String invocationId = UUID.randomUUID().toString();
        int afterTheFirst = receiver.mark();

        // when
        given().header(REQUEST_ID_HEADER, invocationId).header("User-Agent", "curl/8.5.0")
                .when().get("/").then().statusCode(200);

        // then
        ReceivedSpan span = single(receiver.spansSince(afterTheFirst));
        assertEquals(invocationId, span.attribute("faas.invocation_id"));
        assertEquals("http", span.attribute("faas.trigger"));
        assertEquals(false, span.attribute("faas.coldstart"));
        assertFalse(span.attributes().containsKey("faas.name"), "what describes the function is on the resource");
        // Set by surefire the way Lambda sets them (see pom.xml).
        assertEquals("traced-function-test", span.resource().get("faas.name"));
        assertEquals("$LATEST", span.resource().get("faas.version"));
        assertEquals(512L * 1024 * 1024, span.resource().get("faas.max_memory"));
        assertEquals("2026/11/25/[$LATEST]0123456789abcdef", span.resource().get("faas.instance"));
        assertEquals("eu-west-1", span.resource().get("cloud.region"));
        assertEquals("aws", span.resource().get("cloud.provider"));
        assertEquals("aws_lambda", span.resource().get("cloud.platform"));
        assertEquals("traced-function-test", span.resource().get("service.name"), "the function's name, from AWS_LAMBDA_FUNCTION_NAME");
        assertEquals("GET", span.attribute("http.request.method"));
        assertEquals("/", span.attribute("url.path"));
        assertEquals("/", span.attribute("http.route"));
        assertEquals(200L, span.attribute("http.response.status_code"));
        assertEquals("curl/8.5.0", span.attribute("user_agent.original"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, span.proto().getStatus().getCode());
    }

    @Test
    void unknownPathIsNamedAfterItsMethodAndCarriesNoRoute() {
        given().when().get("/no/such/path").then().statusCode(404);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("GET", span.name());
        assertFalse(span.attributes().containsKey("http.route"));
        assertEquals(404L, span.attribute("http.response.status_code"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, span.proto().getStatus().getCode(), "4xx is the caller's");
    }

    @Test
    void methodThatIsNotAllowedAnswers405AndIsTraced() {
        given().when().delete("/").then().statusCode(405);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("DELETE", span.name());
        assertEquals(405L, span.attribute("http.response.status_code"));
    }

    @Test
    void everySpanReachesTheCollectorBeforeTheResponseReachesTheCaller() {
        for (int i = 0; i < 50; i++) {
            // given
            String invocationId = UUID.randomUUID().toString();

            // when
            given().header(REQUEST_ID_HEADER, invocationId).when().get("/").then().statusCode(200);
            long responseReceivedAt = System.nanoTime();

            // then: no waiting here; the flush must already have been acknowledged
            List<ReceivedSpan> matching = receiver.spansSince(mark).stream()
                    .filter(span -> invocationId.equals(span.attribute("faas.invocation_id")))
                    .toList();
            assertEquals(1, matching.size(), "span of invocation " + i + " was not at the collector yet");
            assertTrue(matching.get(0).receivedAtNanos() < responseReceivedAt);
        }
    }

    @Test
    void failingHandlerMarksTheRootSpanAsErrorAndStillFlushesIt() {
        given().when().get(FixtureRoutes.FAILING).then().statusCode(500);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("GET " + FixtureRoutes.FAILING, span.name());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.proto().getStatus().getCode());
        assertEquals(500L, span.attribute("http.response.status_code"));
        Set<String> exceptionTypes = span.proto().getEventsList().stream()
                .filter(event -> event.getName().equals("exception"))
                .flatMap(event -> event.getAttributesList().stream())
                .filter(attribute -> attribute.getKey().equals("exception.type"))
                .map(attribute -> attribute.getValue().getStringValue())
                .collect(Collectors.toSet());
        assertEquals(Set.of(IllegalStateException.class.getName()), exceptionTypes);
    }

    @Test
    void spansTheFunctionCreatesAreChildrenOfTheRootSpan() {
        given().when().get(FixtureRoutes.WITH_CHILD_SPAN).then().statusCode(200);

        List<ReceivedSpan> spans = receiver.spansSince(mark);
        assertEquals(2, spans.size());
        ReceivedSpan root = spans.stream().filter(span -> span.parentSpanId().isEmpty()).findFirst().orElseThrow();
        ReceivedSpan child = spans.stream().filter(span -> span != root).findFirst().orElseThrow();
        assertEquals(FixtureRoutes.CHILD_SPAN_NAME, child.name());
        assertEquals(root.traceId(), child.traceId());
        assertEquals(root.spanId(), child.parentSpanId());
    }

    @Test
    void newTraceIdsStartWithTheEpochSecondLikeXrayIds() {
        long before = System.currentTimeMillis() / 1000;
        given().when().get("/").then().statusCode(200);
        long after = System.currentTimeMillis() / 1000;

        long idSeconds = Long.parseLong(single(receiver.spansSince(mark)).traceId().substring(0, 8), 16);
        assertTrue(idSeconds >= before && idSeconds <= after, "trace id starts with " + idSeconds);
        assertNotEquals(0, idSeconds);
    }

}
