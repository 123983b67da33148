package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.ResourceSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;

class FunctionResourceTest {

    static final Map<String, String> LAMBDA = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "traced",
            "AWS_LAMBDA_FUNCTION_VERSION", "7",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[7]abcdef",
            "AWS_REGION", "eu-central-1");
    static final Resource SDK = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "traced-function",
            AttributeKey.stringKey("telemetry.sdk.language"), "java"));

    @Test
    void lambdasEnvironmentDescribesTheFunction() {
        Resource resource = new FunctionResource(LAMBDA, settings(Map.of())).mergedWith(SDK);

        assertEquals("traced", resource.getAttribute(FunctionResource.FAAS_NAME));
        assertEquals("7", resource.getAttribute(FunctionResource.FAAS_VERSION));
        assertEquals(1024L * 1024 * 1024, resource.getAttribute(FunctionResource.FAAS_MAX_MEMORY));
        assertEquals("2026/11/25/[7]abcdef", resource.getAttribute(FunctionResource.FAAS_INSTANCE));
        assertEquals("eu-central-1", resource.getAttribute(FunctionResource.CLOUD_REGION));
        assertEquals("aws", resource.getAttribute(FunctionResource.CLOUD_PROVIDER));
        assertEquals("aws_lambda", resource.getAttribute(FunctionResource.CLOUD_PLATFORM));
        assertEquals("traced-function", resource.getAttribute(AttributeKey.stringKey("service.name")));
        assertNull(resource.getAttribute(FunctionResource.CLOUD_ACCOUNT_ID), "known only from an invocation");
    }

    @Test
    void firstInvocationAddsTheAccountAndTheFunctionsArnWithTheAliasResolved() {
        FunctionResource function = new FunctionResource(LAMBDA, settings(Map.of()));

        function.onInvocation("arn:aws:lambda:eu-central-1:123456789012:function:traced:live");
        Resource resource = function.mergedWith(SDK);

        assertEquals("123456789012", resource.getAttribute(FunctionResource.CLOUD_ACCOUNT_ID));
        assertEquals("arn:aws:lambda:eu-central-1:123456789012:function:traced:7",
                resource.getAttribute(FunctionResource.CLOUD_RESOURCE_ID));
    }

    @Test
    void mergedResourceIsBuiltOnceAndReused() {
        FunctionResource function = new FunctionResource(LAMBDA, settings(Map.of()));
        function.onInvocation("arn:aws:lambda:eu-central-1:123456789012:function:traced");

        Resource first = function.mergedWith(SDK);
        function.onInvocation("arn:aws:lambda:eu-central-1:123456789012:function:traced");

        assertSame(first, function.mergedWith(SDK));
    }

    @Test
    void whatTheUserSetsWinsOverWhatIsDetectedAndOtelServiceNameWinsOverAll() {
        FunctionResource function = new FunctionResource(LAMBDA, settings(Map.of(
                "otel.resource.attributes", "faas.name=renamed,team=payments,service.name=from-attributes",
                "otel.service.name", "checkout")));

        Resource resource = function.mergedWith(SDK);

        assertEquals("renamed", resource.getAttribute(FunctionResource.FAAS_NAME));
        assertEquals("payments", resource.getAttribute(AttributeKey.stringKey("team")));
        assertEquals("checkout", resource.getAttribute(AttributeKey.stringKey("service.name")));
    }

    @Test
    void memoryThatIsNotANumberIsLeftOut() {
        Resource resource = new FunctionResource(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"),
                settings(Map.of())).mergedWith(Resource.empty());

        assertNull(resource.getAttribute(FunctionResource.FAAS_MAX_MEMORY));
    }

    private static ResourceSettings settings(Map<String, String> values) {
        return ResourceSettings.resolve(ConfigSource.of(values));
    }
}
