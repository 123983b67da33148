package dev.lambdatrace.tracing.export;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiver.Behaviour;
import dev.lambdatrace.collector.OtlpReceiverResource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A collector that is down, silent or failing never fails or hangs an invocation: it answers 200 at most the flush
 * timeout later, and the spans it could not deliver are counted.
 */
@QuarkusTest
@WithTestResource(OtlpReceiverResource.class)
class CollectorFaultsTest {

    // The flush timeout (1 s by default) plus what an invocation costs on a loaded 2-core machine.
    static final Duration BOUND = Duration.ofMillis(1_000 + 750);

    @Inject
    ExportTarget target;

    @Inject
    DroppedSpans droppedSpans;

    @Inject
    OpenTelemetry openTelemetry;

    OtlpReceiver receiver;

    @BeforeEach
    void healthyReceiver() {
        receiver = OtlpReceiverResource.receiver();
        receiver.resume();
        receiver.behave(Behaviour.ACKNOWLEDGE);
    }

    @AfterEach
    void restoreReceiver() {
        receiver.resume();
        receiver.behave(Behaviour.ACKNOWLEDGE);
        // Let exports that were left hanging finish, so they cannot hold up the next test's flush.
        ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(5, SECONDS);
        given().when().get("/").then().statusCode(200);
    }

    @Test
    void collectorThatIsDownCostsAtMostTheFlushTimeout() {
        receiver.refuseConnections();

        assertInvocationsSucceedWithinBoundAndCountDrops(3);
    }

    @Test
    void collectorThatNeverAnswersCostsAtMostTheFlushTimeout() {
        receiver.behave(Behaviour.SILENT);

        assertInvocationsSucceedWithinBoundAndCountDrops(3);
    }

    @Test
    void collectorThatAnswersErrorsCostsAtMostTheFlushTimeout() {
        receiver.behave(Behaviour.ERROR);

        assertInvocationsSucceedWithinBoundAndCountDrops(3);
    }

    @Test
    void collectorThatWasSilentDoesNotSlowTheFlushesAfterIt() {
        // given: invocations whose exports the collector never answered
        receiver.behave(Behaviour.SILENT);
        given().when().get("/").then().statusCode(200);
        given().when().get("/").then().statusCode(200);
        receiver.behave(Behaviour.ACKNOWLEDGE);
        long droppedBefore = droppedSpans.total();
        int mark = receiver.mark();

        // when
        long start = System.nanoTime();
        given().when().get("/").then().statusCode(200);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // then: the flush waits for its own span only, not for the ones left hanging
        assertTrue(took.compareTo(Duration.ofMillis(500)) < 0, "took " + took.toMillis() + " ms");
        assertEquals(1, receiver.spansSince(mark).size());
        assertEquals(droppedBefore, droppedSpans.total());
    }

    @Test
    void outageIsOneIncidentHoweverManyInvocationsItSpans() {
        // given
        long incidentsBefore = droppedSpans.incidents();
        receiver.behave(Behaviour.ERROR);

        // when
        for (int i = 0; i < 4; i++) {
            given().when().get("/").then().statusCode(200);
        }
        receiver.behave(Behaviour.ACKNOWLEDGE);
        given().when().get("/").then().statusCode(200);
        receiver.behave(Behaviour.ERROR);
        given().when().get("/").then().statusCode(200);

        // then
        assertEquals(incidentsBefore + 2, droppedSpans.incidents());
    }

    @Test
    void flushTimeoutDefaultsToOneSecond() {
        assertEquals(Duration.ofSeconds(1), target.flushTimeout());
    }

    private void assertInvocationsSucceedWithinBoundAndCountDrops(int invocations) {
        long droppedBefore = droppedSpans.total();
        for (int i = 0; i < invocations; i++) {
            long start = System.nanoTime();
            given().when().get("/").then().statusCode(200);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND) < 0, "invocation " + i + " took " + took.toMillis() + " ms");
        }
        assertEquals(droppedBefore + invocations, droppedSpans.total());
    }
}
