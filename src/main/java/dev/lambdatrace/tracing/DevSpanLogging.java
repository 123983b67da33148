package dev.lambdatrace.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.profile.IfBuildProfile;

/**
 * In dev mode no collector runs: print each span to the console instead. A span exporter bean replaces the OTLP one.
 */
public class DevSpanLogging {

    @Produces
    @Singleton
    @IfBuildProfile("dev")
    SpanExporter loggingSpanExporter() {
        return LoggingSpanExporter.create();
    }
}
