package dev.lambdatrace.tracing.attributes;

import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.Objects;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * The root span's attributes that are the same for every invocation through one ARN, built once and rebuilt only
 * when the invoked ARN changes (an alias).
 */
public final class FunctionAttributes {

    // Copied from the incubating semantic conventions (1.37).
    static final AttributeKey<String> FAAS_TRIGGER = stringKey("faas.trigger");
    static final AttributeKey<String> AWS_LAMBDA_INVOKED_ARN = stringKey("aws.lambda.invoked_arn");

    private record Cached(String arn, Attributes attributes) {
    }

    private volatile Cached cached;

    public Attributes of(String invokedArn) {
        Cached current = cached;
        if (current == null || !Objects.equals(current.arn(), invokedArn)) {
            var attributes = Attributes.builder().put(FAAS_TRIGGER, "http");
            if (invokedArn != null) {
                attributes.put(AWS_LAMBDA_INVOKED_ARN, invokedArn);
            }
            current = new Cached(invokedArn, attributes.build());
            cached = current;
        }
        return current.attributes();
    }
}
