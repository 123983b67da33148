package dev.lambdatrace.tracing.flush;

import java.util.function.Supplier;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.export.SpanFlusher;
import io.quarkus.runtime.Startup;

/**
 * Decides, once, when an invocation's spans leave: after the response when {@code tracing.flush=after-response} asks
 * for it and the internal extension registers; before it otherwise. The registration and the decision are one step,
 * taken while Quarkus starts (before the runtime's first {@code next}, when Lambda still takes registrations), so no
 * bean can ever act on a mode that was not decided yet.
 */
public final class FlushChoice {

    /**
     * The one rule: after the response only when asked for, over an exporter whose collector acknowledges (over UDP
     * the flush is done when the datagrams are in the kernel, so there is nothing to wait for), with the SDK on.
     */
    static boolean afterResponseWanted(String flush, String exporter, boolean sdkDisabled) {
        return flush.trim().replace('_', '-').equalsIgnoreCase("after-response")
                && exporter.trim().equalsIgnoreCase("otlp") && !sdkDisabled;
    }

    /**
     * Registers the extension before Quarkus starts, when this process wants it: AWS's runtime client starts Quarkus
     * only with the first invocation, after its first {@code next}. The producer below then finds the registration.
     */
    public static void registerEarly(Config config) {
        if (afterResponseWanted(config.getOptionalValue("tracing.flush", String.class).orElse("before-response"),
                config.getOptionalValue("tracing.exporter", String.class).orElse("otlp"),
                config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false))) {
            InternalExtension.register(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        }
    }

    @Produces
    @Singleton
    @Startup
    static InvocationFlush invocationFlush(SpanFlusher flusher, TracingConfig config,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        boolean wanted = afterResponseWanted(config.flush().name(), config.exporter().name(), sdkDisabled);
        return choose(wanted, () -> InternalExtension.register(System.getenv("AWS_LAMBDA_RUNTIME_API")), flusher);
    }

    /** After the response if wanted and {@code registration} gives an extension; before it otherwise. */
    static InvocationFlush choose(boolean wanted, Supplier<InternalExtension> registration, SpanFlusher flusher) {
        if (wanted) {
            InternalExtension extension = registration.get();
            if (extension != null) {
                AfterResponseFlush afterResponse = new AfterResponseFlush(flusher);
                extension.attach(afterResponse);
                return afterResponse;
            }
        }
        return new BeforeResponseFlush(flusher);
    }

    // ArC instantiates the class that declares the producer.
    FlushChoice() {
    }
}
