package dev.lambdatrace.tracing.export;

import static dev.lambdatrace.tracing.TracingTestApp.REQUEST_ID_HEADER;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.tracing.TestReceivers;
import dev.lambdatrace.tracing.TracingTestApp;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code quarkus.lambda-tracing.exporter=xray-udp}: the same trace contract as OTLP, sent as datagrams to an X-Ray daemon stand-in.
 */
class XrayUdpExportTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverXrayUdp(XrayUdpExportTest.class);

    @Inject
    TestReceivers receivers;

    @Inject
    DroppedSpans droppedSpans;

    @Test
    void everyInvocationSendsItsRootSpanBeforeTheResponseWithTheOtlpModesAttributes() {
        XrayUdpReceiver daemon = receivers.xrayUdp();
        for (int i = 0; i < 20; i++) {
            // given
            int mark = daemon.mark();
            String invocationId = UUID.randomUUID().toString();

            // when
            given().header(REQUEST_ID_HEADER, invocationId).header("User-Agent", "curl/8.5.0")
                    .when().get("/").then().statusCode(200);

            // then: no waiting; on loopback the datagram is queued at the daemon during the function's send
            List<ReceivedSpan> spans = daemon.spansSince(mark);
            assertEquals(1, spans.size(), "datagram of invocation " + i + " was not at the daemon yet");
            ReceivedSpan span = spans.get(0);
            assertEquals("GET /", span.name());
            assertEquals(invocationId, span.attribute("faas.invocation_id"));
            assertEquals("http", span.attribute("faas.trigger"));
            assertEquals("aws_lambda", span.resource().get("cloud.platform"));
            assertEquals("/", span.attribute("http.route"));
            assertEquals(200L, span.attribute("http.response.status_code"));
            assertEquals("curl/8.5.0", span.attribute("user_agent.original"));
            assertEquals("traced-function-test", span.resource().get("service.name"), "the function's name, from AWS_LAMBDA_FUNCTION_NAME");
        }
        assertEquals(List.of(), daemon.malformed());
    }

    @Test
    void sampledXrayHeaderGivesTheTraceIdAndParent() {
        XrayUdpReceiver daemon = receivers.xrayUdp();
        int mark = daemon.mark();

        given().header(REQUEST_ID_HEADER,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
                .when().get("/").then().statusCode(200);

        ReceivedSpan span = TracingTestApp.single(daemon.spansSince(mark));
        assertEquals("5759e988bd862e3fe1be46a994272793", span.traceId());
        assertEquals("53995c3f42cd8ad8", span.parentSpanId());
    }

    @Test
    void noDaemonListeningCostsNothingAndFailsNothing() {
        XrayUdpReceiver daemon = receivers.xrayUdp();
        // The application's first request loads its classes; in a shuffled order that may be this test's first.
        given().when().get("/").then().statusCode(200);
        daemon.refuseConnections();
        long droppedBefore = droppedSpans.total();
        try {
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                given().when().get("/").then().statusCode(200);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(Duration.ofMillis(500)) < 0, "took " + took.toMillis() + " ms");
            }
            // A datagram handed to the socket is sent, whoever listens: UDP has no acknowledgement to miss.
            assertEquals(droppedBefore, droppedSpans.total());
        } finally {
            daemon.resume();
        }
    }
}
