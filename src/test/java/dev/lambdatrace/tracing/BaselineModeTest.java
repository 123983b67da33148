package dev.lambdatrace.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiverResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The baseline role: the same artifact with {@code QUARKUS_OTEL_SDK_DISABLED=true}.
 */
@QuarkusTest
@TestProfile(BaselineModeTest.Baseline.class)
@WithTestResource(OtlpReceiverResource.class)
class BaselineModeTest {

    public static class Baseline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "true");
        }
    }

    @Test
    void baselineAnswersLikeTracedButCreatesNoSpanAndNeverConnectsToTheCollector() {
        // given
        OtlpReceiver receiver = OtlpReceiverResource.receiver();

        // when
        for (int i = 0; i < 5; i++) {
            given().when().get("/").then().statusCode(200);
        }
        given().when().get("/no/such/path").then().statusCode(404);
        given().when().get(FixtureRoutes.FAILING).then().statusCode(500);

        // then
        assertEquals(0, receiver.connections());
        assertEquals(0, receiver.exports());
        assertEquals(0, receiver.spans().size());
    }
}
