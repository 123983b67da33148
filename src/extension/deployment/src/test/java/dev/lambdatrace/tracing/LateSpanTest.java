package dev.lambdatrace.tracing;

import static dev.lambdatrace.tracing.TracingTestApp.REQUEST_ID_HEADER;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.tracing.export.InvocationSpanProcessor;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A span the function ends on another thread after its invocation's flush: counted as late, and sent by the next
 * invocation's flush even when that invocation is not sampled.
 */
class LateSpanTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverOtlp(LateSpanTest.class);

    @Inject
    TestReceivers receivers;

    @Inject
    InvocationSpanProcessor processor;

    @Test
    void spanEndedAfterTheFlushIsCountedLateAndLeavesWithTheNextInvocationSampledOrNot() throws Exception {
        // given
        OtlpReceiver receiver = receivers.otlp();
        int mark = receiver.mark();
        long lateBefore = processor.lateSpans();
        given().when().get(FixtureRoutes.WITH_LATE_SPAN).then().statusCode(200);
        // The span ends on a timer after the response: wait for that, not for a guess at how long it takes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (processor.lateSpans() == lateBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        // when: an invocation that records nothing of its own
        given().header(REQUEST_ID_HEADER,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")
                .when().get("/").then().statusCode(200);

        // then
        assertEquals(lateBefore + 1, processor.lateSpans());
        List<ReceivedSpan> spans = receiver.spansSince(mark);
        assertTrue(spans.stream().anyMatch(span -> span.name().equals(FixtureRoutes.LATE_SPAN_NAME)),
                "the late span was flushed: " + spans);
        assertEquals(2, spans.size(), "the root span of the first invocation and the late span; nothing unsampled");
    }
}
