package dev.lambdatrace.tracing.attributes;

import java.util.Objects;

import com.amazonaws.services.lambda.runtime.Context;

import io.opentelemetry.api.common.Attributes;

/**
 * The root span's attributes that describe the function rather than the invocation, built once and rebuilt only if
 * the invoked ARN changes (an alias).
 */
public final class FunctionAttributes {

    private record Cached(String arn, Attributes attributes) {
    }

    private volatile Cached cached;

    public Attributes of(Context lambdaContext) {
        String arn = lambdaContext == null ? null : lambdaContext.getInvokedFunctionArn();
        Cached current = cached;
        if (current == null || !Objects.equals(current.arn(), arn)) {
            current = new Cached(arn, InvocationAttributes.ofFunction(lambdaContext));
            cached = current;
        }
        return current.attributes();
    }
}
