package dev.lambdatrace.tracing.config;

import static dev.lambdatrace.tracing.InvocationTracerTest.single;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiverResource;
import dev.lambdatrace.collector.ReceivedSpan;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A user who follows the OpenTelemetry docs: the base endpoint, headers, service name and resource attributes come
 * from the standard settings (here as properties; on Lambda as OTEL_* variables), not from this project's keys.
 */
@QuarkusTest
@TestProfile(StandardOtelSettingsTest.Standard.class)
@WithTestResource(value = OtlpReceiverResource.class, initArgs = @ResourceArg(name = "via", value = "otel"))
class StandardOtelSettingsTest {

    public static class Standard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "otel.exporter.otlp.headers", "x-tenant=acme,Authorization=Basic%20dXNlcg%3D%3D",
                    "otel.service.name", "checkout",
                    "otel.resource.attributes", "deployment.environment.name=test,faas.name=overridden");
        }
    }

    @Test
    void spansGoToTheBaseEndpointWithTheHeadersAndTheUsersResource() {
        // given
        OtlpReceiver receiver = OtlpReceiverResource.receiver();
        int mark = receiver.mark();

        // when
        given().when().get("/").then().statusCode(200);

        // then
        ReceivedSpan span = single(receiver.spansSince(mark));
        assertEquals("acme", receiver.lastHeaders().get("x-tenant"));
        assertEquals("Basic dXNlcg==", receiver.lastHeaders().get("authorization"));
        assertEquals("checkout", span.resource().get("service.name"));
        assertEquals("test", span.resource().get("deployment.environment.name"));
        assertEquals("overridden", span.resource().get("faas.name"), "what the user sets wins over detection");
        assertEquals("eu-west-1", span.resource().get("cloud.region"));
    }
}
