package dev.lambdatrace.tracing.attributes;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.ResourceSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

/**
 * The Resource that describes the function, as the FaaS semantic conventions want it: built when the process starts,
 * from Lambda's environment (never in a static initialiser, which a native image would freeze at build time), and
 * completed from the first invoked ARN with what the environment lacks (the account and the function's ARN).
 * <p>
 * What a user sets wins over what is detected: Quarkus' own resource (its config keys), then the standard
 * {@code OTEL_RESOURCE_ATTRIBUTES} and {@code OTEL_SERVICE_NAME}.
 */
@Singleton
public class FunctionResource {

    // Copied from the incubating semantic conventions (1.37): that artifact is alpha and renames keys.
    static final AttributeKey<String> FAAS_NAME = stringKey("faas.name");
    static final AttributeKey<String> FAAS_VERSION = stringKey("faas.version");
    static final AttributeKey<String> FAAS_INSTANCE = stringKey("faas.instance");
    static final AttributeKey<Long> FAAS_MAX_MEMORY = longKey("faas.max_memory");
    static final AttributeKey<String> CLOUD_PROVIDER = stringKey("cloud.provider");
    static final AttributeKey<String> CLOUD_PLATFORM = stringKey("cloud.platform");
    static final AttributeKey<String> CLOUD_REGION = stringKey("cloud.region");
    static final AttributeKey<String> CLOUD_ACCOUNT_ID = stringKey("cloud.account.id");
    static final AttributeKey<String> CLOUD_RESOURCE_ID = stringKey("cloud.resource_id");

    private static final long BYTES_PER_MB = 1024L * 1024L;

    private record Merged(Resource sdk, Attributes fromArn, Resource resource) {
    }

    private final Attributes detected;
    private final String functionVersion;
    private final Resource user;
    private volatile String lastArn;
    private volatile Attributes fromArn = Attributes.empty();
    private volatile Merged merged;

    @Inject
    FunctionResource(Config config) {
        this(System.getenv(), ResourceSettings.resolve(ConfigSource.of(config)));
    }

    public FunctionResource(Map<String, String> environment, ResourceSettings settings) {
        AttributesBuilder attributes = Attributes.builder()
                .put(CLOUD_PROVIDER, "aws")
                .put(CLOUD_PLATFORM, "aws_lambda");
        putIfPresent(attributes, FAAS_NAME, environment.get("AWS_LAMBDA_FUNCTION_NAME"));
        putIfPresent(attributes, FAAS_VERSION, environment.get("AWS_LAMBDA_FUNCTION_VERSION"));
        putIfPresent(attributes, FAAS_INSTANCE, environment.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        putIfPresent(attributes, CLOUD_REGION, environment.get("AWS_REGION"));
        try {
            String memory = environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
            if (memory != null) {
                attributes.put(FAAS_MAX_MEMORY, Long.parseLong(memory.trim()) * BYTES_PER_MB);
            }
        } catch (NumberFormatException e) {
            // Lambda always sets a number; anything else is left out rather than guessed.
        }
        this.detected = attributes.build();
        this.functionVersion = environment.get("AWS_LAMBDA_FUNCTION_VERSION");
        AttributesBuilder userAttributes = Attributes.builder();
        settings.attributes().forEach(userAttributes::put);
        this.user = Resource.create(userAttributes.build());
    }

    /** Takes what only an invocation tells: the account and the function's ARN. Cheap when the ARN is unchanged. */
    public void onInvocation(String invokedArn) {
        if (invokedArn == null || invokedArn.equals(lastArn)) {
            return;
        }
        LambdaArn arn = LambdaArn.parse(invokedArn);
        AttributesBuilder attributes = Attributes.builder();
        putIfPresent(attributes, CLOUD_ACCOUNT_ID, arn.accountId());
        putIfPresent(attributes, CLOUD_RESOURCE_ID, arn.resourceId(functionVersion));
        fromArn = attributes.build();
        lastArn = invokedArn;
    }

    /** The Resource to export spans with, given the one the SDK made; built once and reused. */
    public Resource mergedWith(Resource sdk) {
        Merged current = merged;
        Attributes arnAttributes = fromArn;
        if (current == null || current.sdk() != sdk || !Objects.equals(current.fromArn(), arnAttributes)) {
            Resource resource = Resource.create(detected.toBuilder().putAll(arnAttributes).build()).merge(sdk)
                    .merge(user);
            current = new Merged(sdk, arnAttributes, resource);
            merged = current;
        }
        return current.resource();
    }

    private static <T> void putIfPresent(AttributesBuilder attributes, AttributeKey<T> key, T value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
