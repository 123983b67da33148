package dev.lambdatrace.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The baseline role: the same artifact with {@code QUARKUS_OTEL_SDK_DISABLED=true}.
 */
class BaselineModeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp.exportingOverOtlp(BaselineModeTest.class)
            .overrideConfigKey("quarkus.otel.sdk.disabled", "true");

    @Inject
    TestReceivers receivers;

    @Test
    void baselineAnswersLikeTracedButCreatesNoSpanAndNeverConnectsToTheCollector() {
        // given
        OtlpReceiver receiver = receivers.otlp();

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
