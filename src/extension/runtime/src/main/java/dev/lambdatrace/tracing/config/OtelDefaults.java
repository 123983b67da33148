package dev.lambdatrace.tracing.config;

import java.util.Map;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The extension's defaults for Quarkus' build-time OpenTelemetry settings, which a build step cannot set; the
 * application can still override each of them. They apply at build time and again at run time, where Quarkus compares
 * the two and would otherwise warn, at every start, that its own defaults changed after the build.
 */
public final class OtelDefaults implements ConfigBuilder {

    // A signal the application has not enabled gets no exporter: with Quarkus' default one, the SDK still starts a
    // PeriodicMetricReader and a BatchLogRecordProcessor thread that wake on their timers after every thaw, for
    // nothing. Enabled, it keeps Quarkus' default, and the extension flushes it with the spans.
    private static final Map<String, String> EXPORTER_OF_SIGNAL = Map.of(
            "quarkus.otel.metrics.exporter", "quarkus.otel.metrics.enabled",
            "quarkus.otel.logs.exporter", "quarkus.otel.logs.enabled");
    // What a user sets: application.properties (250), the environment (300), system properties (400), or a library's
    // microprofile-config.properties (100); Quarkus' and the mappings' own defaults rank below.
    private static final int LOWEST_USER_ORDINAL = 100;

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        // The extension's own processor exports each invocation's spans, bounded, before the freeze; Quarkus' batch
        // exporter would send them a second time, from a thread Lambda freezes.
        builder.withDefaultValue("quarkus.otel.traces.exporter", "none");
        // What ADOT's layers propagate: outgoing calls carry X-Amzn-Trace-Id beside traceparent, so that AWS services
        // downstream (API Gateway, Lambda, ALB) continue the trace in X-Ray.
        builder.withDefaultValue("quarkus.otel.propagators", "tracecontext,baggage,xray");
        return builder.withInterceptorFactories(new ConfigSourceInterceptorFactory() {
            @Override
            public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
                return OtelDefaults::noExporterForADisabledSignal;
            }

            @Override
            public OptionalInt getPriority() {
                return OptionalInt.of(Priorities.LIBRARY + 600);
            }
        });
    }

    private static ConfigValue noExporterForADisabledSignal(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String enabledKey = EXPORTER_OF_SIGNAL.get(name);
        if (enabledKey == null || value != null && value.getConfigSourceOrdinal() >= LOWEST_USER_ORDINAL) {
            return value;
        }
        ConfigValue enabled = context.proceed(enabledKey);
        if (enabled != null && Boolean.parseBoolean(enabled.getValue())) {
            return value;
        }
        return ConfigValue.builder().withName(name).withValue("none")
                .withConfigSourceName("quarkus-lambda-tracing: " + enabledKey + " is false")
                .withConfigSourceOrdinal(Integer.MIN_VALUE).build();
    }
}
