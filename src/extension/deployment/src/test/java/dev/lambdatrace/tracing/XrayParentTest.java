package dev.lambdatrace.tracing;

import static dev.lambdatrace.tracing.TracingTestApp.REQUEST_ID_HEADER;
import static dev.lambdatrace.tracing.TracingTestApp.single;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The Lambda trace header, end to end. Quarkus' mock event server passes the {@code Lambda-Runtime-Aws-Request-Id}
 * request header on as both the invocation id and {@code Lambda-Runtime-Trace-Id}, so that is where the header goes.
 */
class XrayParentTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverOtlp(XrayParentTest.class);

    @Inject
    TestReceivers receivers;

    static final String XRAY_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    static final String XRAY_PARENT = "53995c3f42cd8ad8";

    OtlpReceiver receiver;
    int mark;

    @BeforeEach
    void markReceiver() {
        receiver = receivers.otlp();
        mark = receiver.mark();
    }

    @Test
    void sampledHeaderGivesTheRootSpanItsTraceIdAndParent() {
        given().header(REQUEST_ID_HEADER, "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=1")
                .when().get("/").then().statusCode(200);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("5759e988bd862e3fe1be46a994272793", span.traceId());
        assertEquals(XRAY_PARENT, span.parentSpanId());
    }

    @Test
    void unsampledHeaderRecordsAndExportsNothing() {
        // given
        int exportsBefore = receiver.exports();

        // when
        given().header(REQUEST_ID_HEADER, "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=0")
                .when().get("/").then().statusCode(200);
        // A sampled invocation after it: its flush would carry any span the unsampled one left behind.
        given().when().get("/").then().statusCode(200);

        // then
        List<ReceivedSpan> spans = receiver.spansSince(mark);
        assertEquals(1, spans.size());
        assertNotEquals("5759e988bd862e3fe1be46a994272793", spans.get(0).traceId());
        assertEquals(exportsBefore + 1, receiver.exports());
    }

    // The header also becomes a URL path segment in the mock server, so only path-safe garbage fits here;
    // LambdaTraceHeaderTest covers the rest.
    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "Root=;Parent=;Sampled=1",
            "Root=1-zzzzzzzz-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a99427279300000;Parent=53995c3f42cd8ad8;Sampled=1",
            ";;;=;=="
    })
    void headerWithoutAValidRootStartsANewTraceAndTheInvocationStillSucceeds(String header) {
        given().header(REQUEST_ID_HEADER, header).when().get("/").then().statusCode(200);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("", span.parentSpanId());
        long idSeconds = Long.parseLong(span.traceId().substring(0, 8), 16);
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - idSeconds) < 60, "X-Ray style trace id: " + span.traceId());
    }

    @Test
    void rootWithoutParentKeepsItsTraceIdAndTheSpanIsARoot() {
        given().header(REQUEST_ID_HEADER, "Root=" + XRAY_ROOT + ";Sampled=1").when().get("/").then().statusCode(200);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("5759e988bd862e3fe1be46a994272793", span.traceId());
        assertEquals("", span.parentSpanId());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Sampled=2", "Lineage=12345:abcdef01:" })
    void headerWithoutADecisionIsSampledHereUnderLambdasParent(String lastPart) {
        given().header(REQUEST_ID_HEADER, "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";" + lastPart)
                .when().get("/").then().statusCode(200);

        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("5759e988bd862e3fe1be46a994272793", span.traceId());
        assertEquals(XRAY_PARENT, span.parentSpanId());
    }
}
