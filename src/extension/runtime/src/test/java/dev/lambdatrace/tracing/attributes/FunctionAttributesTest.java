package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.Attributes;

class FunctionAttributesTest {

    static final String ARN = "arn:aws:lambda:us-east-2:123456789012:function:traced:live";

    final FunctionAttributes functionAttributes = new FunctionAttributes();

    @Test
    void sameArnReusesTheAttributesBuiltTheFirstTime() {
        Attributes first = functionAttributes.of(ARN);
        Attributes second = functionAttributes.of(ARN);

        assertSame(first, second);
        assertEquals("http", first.get(FunctionAttributes.FAAS_TRIGGER));
        assertEquals(ARN, first.get(FunctionAttributes.AWS_LAMBDA_INVOKED_ARN));
    }

    @Test
    void anotherArnRebuildsThem() {
        Attributes live = functionAttributes.of(ARN);
        String other = "arn:aws:lambda:eu-west-1:210987654321:function:traced:canary";

        Attributes canary = functionAttributes.of(other);

        assertNotSame(live, canary);
        assertEquals(other, canary.get(FunctionAttributes.AWS_LAMBDA_INVOKED_ARN));
    }
}
