package dev.lambdatrace.tracing.flush;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.lambdatrace.runtime.ExecutionEnvironment;
import dev.lambdatrace.tracing.config.BackgroundExportSettings;
import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.LambdaTracingConfig;
import dev.lambdatrace.tracing.config.LambdaTracingConfig.Exporter;
import dev.lambdatrace.tracing.config.LambdaTracingConfig.Flush;
import dev.lambdatrace.tracing.export.SpanFlusher;
import io.quarkus.runtime.Startup;

/**
 * Decides, once, when spans leave: {@code quarkus.lambda-tracing.flush} if this platform and exporter can honour it, the platform's
 * default if it is unset. A setting that cannot hold is either refused at startup or replaced with one WARN line that
 * names it. The internal extension registers in the same step, while Quarkus starts (before the runtime's first
 * {@code next}, when Lambda still takes registrations), so no bean can ever act on a mode that was not decided yet.
 */
public final class FlushChoice {

    private static final Logger LOG = Logger.getLogger(FlushChoice.class);

    /**
     * What runs.
     *
     * @param substitution the WARN line saying what replaced the setting, or null when it runs as set
     */
    record Decision(Flush mode, String substitution) {
    }

    /** The rules; throws, naming the variable, for a setting that cannot hold. */
    static Decision decide(Optional<Flush> asked, Exporter exporter, boolean sdkDisabled,
            ExecutionEnvironment environment) {
        if (sdkDisabled) {
            return new Decision(Flush.BEFORE_RESPONSE, asked.filter(flush -> flush != Flush.BEFORE_RESPONSE)
                    .map(flush -> setting(flush) + " has no effect: the SDK is disabled (OTEL_SDK_DISABLED), so "
                            + "nothing is traced or flushed.")
                    .orElse(null));
        }
        if (environment.managedInstances()) {
            Flush flush = asked.orElse(Flush.BACKGROUND);
            if (flush == Flush.AFTER_RESPONSE) {
                return new Decision(Flush.BACKGROUND, setting(flush) + " cannot hold on Lambda Managed Instances, "
                        + "where extensions may not subscribe to INVOKE and nothing is frozen: spans are exported in "
                        + "the background instead.");
            }
            return new Decision(flush, null);
        }
        Flush flush = asked.orElse(Flush.BEFORE_RESPONSE);
        if (flush == Flush.BACKGROUND) {
            throw new IllegalArgumentException(setting(flush) + " needs Lambda Managed Instances, which never freeze "
                    + "the environment; on classic Lambda the sandbox can freeze with spans in the buffer. Use "
                    + "before-response or after-response.");
        }
        if (flush == Flush.AFTER_RESPONSE && exporter != Exporter.OTLP) {
            return new Decision(Flush.BEFORE_RESPONSE, setting(flush) + " is replaced by before-response with "
                    + "QUARKUS_LAMBDA_TRACING_EXPORTER=" + value(exporter) + ": that exporter waits for no acknowledgement, so "
                    + "there is nothing to move after the response.");
        }
        return new Decision(flush, null);
    }

    /**
     * Registers the extension before Quarkus starts, when this process needs it: AWS's runtime client starts Quarkus
     * only with the first invocation, after its first {@code next}. The producer below then finds the registration.
     * A setting that does not parse is left for Quarkus to report as it starts.
     */
    public static void registerEarly(Config config) {
        try {
            boolean sdkDisabled = config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
            Decision decision = decide(config.getOptionalValue("quarkus.lambda-tracing.flush", String.class).map(FlushChoice::flush),
                    Exporter.valueOf(enumName(config.getOptionalValue("quarkus.lambda-tracing.exporter", String.class)
                            .orElse("otlp"))),
                    sdkDisabled, ExecutionEnvironment.current());
            register(decision, sdkDisabled, ExecutionEnvironment.current());
        } catch (IllegalArgumentException e) {
            // Quarkus refuses the same setting, with its own message, when it starts.
        }
    }

    @Produces
    @Singleton
    @Startup
    static InvocationFlush invocationFlush(SpanFlusher flusher, LambdaTracingConfig config, Config settings,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        ExecutionEnvironment environment = ExecutionEnvironment.current();
        Decision decision = decide(config.flush(), config.exporter(), sdkDisabled, environment);
        if (decision.substitution() != null) {
            LOG.warn(decision.substitution());
        }
        InternalExtension extension = register(decision, sdkDisabled, environment);
        return switch (decision.mode()) {
            case BACKGROUND -> new BackgroundExport(flusher,
                    BackgroundExportSettings.resolve(ConfigSource.of(settings)), flusher.timeout());
            case AFTER_RESPONSE -> afterResponse(extension, flusher);
            case BEFORE_RESPONSE -> new BeforeResponseFlush(flusher, !environment.managedInstances());
        };
    }

    /** After the response if the extension registered for it; before it otherwise. */
    static InvocationFlush afterResponse(InternalExtension extension, SpanFlusher flusher) {
        if (extension == null) {
            return new BeforeResponseFlush(flusher);
        }
        AfterResponseFlush afterResponse = new AfterResponseFlush(flusher);
        extension.attach(afterResponse);
        return afterResponse;
    }

    private static InternalExtension register(Decision decision, boolean sdkDisabled,
            ExecutionEnvironment environment) {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (environment.managedInstances()) {
            return sdkDisabled ? null
                    : InternalExtension.register(runtimeApi, InternalExtension.Purpose.SIGTERM_AT_SHUTDOWN);
        }
        return decision.mode() == Flush.AFTER_RESPONSE
                ? InternalExtension.register(runtimeApi, InternalExtension.Purpose.FLUSH_AFTER_RESPONSE)
                : null;
    }

    private static Flush flush(String value) {
        return Flush.valueOf(enumName(value));
    }

    private static String enumName(String value) {
        return value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String setting(Flush flush) {
        return "QUARKUS_LAMBDA_TRACING_FLUSH=" + value(flush) + " (quarkus.lambda-tracing.flush)";
    }

    private static String value(Enum<?> setting) {
        return setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ArC instantiates the class that declares the producer.
    FlushChoice() {
    }
}
