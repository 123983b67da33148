package dev.lambdatrace.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Picks the {@link SpanTransport} that {@code tracing.exporter} names.
 */
public class SpanTransports {

    @Produces
    @Singleton
    SpanTransport transport(TracingConfig config) {
        return switch (config.exporter()) {
            case OTLP -> new OtlpHttpTransport(config.endpoint());
            case LOGGING -> new LoggingTransport();
        };
    }
}
