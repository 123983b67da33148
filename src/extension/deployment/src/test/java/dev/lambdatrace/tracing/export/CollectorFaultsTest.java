package dev.lambdatrace.tracing.export;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiver.Behaviour;
import dev.lambdatrace.tracing.TestReceivers;
import dev.lambdatrace.tracing.TracingTestApp;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A collector that is down, silent or failing never fails or hangs an invocation: it answers 200 at most the flush
 * timeout later, and the spans it could not deliver are counted.
 */
class CollectorFaultsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverOtlp(CollectorFaultsTest.class);

    @Inject
    TestReceivers receivers;

    // Far above the flush timeout (1 s): what "never hangs" means on a loaded machine. That the flush gives up at
    // the timeout is the connection's own test (CollectorConnectionTest); here, that nothing waits forever.
    static final Duration NEVER_HANGS = Duration.ofSeconds(30);

    @Inject
    ExportTarget target;

    @Inject
    DroppedSpans droppedSpans;

    @Inject
    OpenTelemetry openTelemetry;

    OtlpReceiver receiver;

    /**
     * Each test starts from a collector that acknowledges and an outage that is over, whatever ran before it (in this
     * class or another one sharing the application): an acknowledged export ends any open incident.
     */
    @BeforeEach
    void healthyReceiverAndNoOpenOutage() {
        receiver = receivers.otlp();
        receiver.resume();
        receiver.behave(Behaviour.ACKNOWLEDGE);
        ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(5, SECONDS);
        given().when().get("/").then().statusCode(200);
    }

    @AfterEach
    void healthyReceiverForTheNextClass() {
        receiver.resume();
        receiver.behave(Behaviour.ACKNOWLEDGE);
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
        given().when().get("/").then().statusCode(200);

        // then: the flush waits for its own span only; had it waited for the ones left hanging, which are never
        // answered, it would have run into its timeout and counted its own span as dropped
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
        assertTimeoutPreemptively(NEVER_HANGS, () -> {
            for (int i = 0; i < invocations; i++) {
                given().when().get("/").then().statusCode(200);
            }
        });
        assertEquals(droppedBefore + invocations, droppedSpans.total());
    }
}
