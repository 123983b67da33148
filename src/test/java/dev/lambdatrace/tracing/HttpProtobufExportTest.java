package dev.lambdatrace.tracing;

import static dev.lambdatrace.tracing.InvocationTracerTest.REQUEST_ID_HEADER;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiverResource;
import dev.lambdatrace.collector.ReceivedSpan;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The other OTLP protocol the collector layer accepts, in a fresh process, which also shows the cold start.
 */
@QuarkusTest
@TestProfile(HttpProtobufExportTest.HttpProtobuf.class)
@WithTestResource(OtlpReceiverResource.class)
class HttpProtobufExportTest {

    public static class HttpProtobuf implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        }
    }

    @Test
    void firstInvocationOfTheProcessIsTheOnlyColdStartAndEverySpanIsFlushedBeforeItsResponse() {
        OtlpReceiver receiver = OtlpReceiverResource.receiver();
        for (int i = 0; i < 20; i++) {
            // given
            String invocationId = UUID.randomUUID().toString();

            // when
            given().header(REQUEST_ID_HEADER, invocationId).when().get("/").then().statusCode(200);

            // then
            List<ReceivedSpan> spans = receiver.spans();
            assertEquals(i + 1, spans.size(), "span of invocation " + i + " was not at the collector yet");
            ReceivedSpan span = spans.get(i);
            assertEquals(invocationId, span.attribute("faas.invocation_id"));
            assertEquals(i == 0, span.attribute("faas.coldstart"), "faas.coldstart of invocation " + i);
        }
    }
}
