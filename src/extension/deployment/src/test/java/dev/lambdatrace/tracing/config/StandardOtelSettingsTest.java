package dev.lambdatrace.tracing.config;

import static dev.lambdatrace.tracing.TracingTestApp.single;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.tracing.TestReceivers;
import dev.lambdatrace.tracing.TracingTestApp;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A user who follows the OpenTelemetry docs: the base endpoint, headers, service name and resource attributes come
 * from the standard settings (here as properties; on Lambda as OTEL_* variables), not from this project's keys.
 */
class StandardOtelSettingsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TracingTestApp
            .exportingOverOtlp("otel.exporter.otlp.endpoint", StandardOtelSettingsTest.class)
            .overrideConfigKey("otel.exporter.otlp.headers", "x-tenant=acme,Authorization=Basic%20dXNlcg%3D%3D")
            .overrideConfigKey("otel.service.name", "checkout")
            .overrideConfigKey("otel.resource.attributes", "deployment.environment.name=test,faas.name=overridden");

    @Inject
    TestReceivers receivers;

    @Test
    void spansGoToTheBaseEndpointWithTheHeadersAndTheUsersResource() {
        // given
        OtlpReceiver receiver = receivers.otlp();
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
