package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.FakeLambdaContext;
import io.opentelemetry.api.common.Attributes;

class FunctionAttributesTest {

    final FunctionAttributes functionAttributes = new FunctionAttributes();

    @Test
    void sameArnReusesTheAttributesBuiltTheFirstTime() {
        Attributes first = functionAttributes.of(new FakeLambdaContext("a", InvocationAttributesTest.ARN, 512));
        Attributes second = functionAttributes.of(new FakeLambdaContext("b", InvocationAttributesTest.ARN, 512));

        assertSame(first, second);
    }

    @Test
    void anotherArnRebuildsThem() {
        Attributes live = functionAttributes.of(new FakeLambdaContext("a", InvocationAttributesTest.ARN, 512));
        String other = "arn:aws:lambda:eu-west-1:210987654321:function:traced:canary";

        Attributes canary = functionAttributes.of(new FakeLambdaContext("b", other, 512));

        assertNotSame(live, canary);
        assertEquals(other, canary.get(InvocationAttributes.CLOUD_RESOURCE_ID));
        assertEquals("eu-west-1", canary.get(InvocationAttributes.CLOUD_REGION));
    }
}
