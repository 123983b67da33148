package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.xray.XrayDaemonAddress;

/**
 * Picks the {@link SpanTransport} that {@code tracing.exporter} names.
 */
public class SpanTransports {

    static URL endpoint(String value) {
        try {
            return URI.create(value.trim()).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException("tracing.endpoint (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is not a URL: '"
                    + value + "'", e);
        }
    }

    @Produces
    @Singleton
    SpanTransport transport(TracingConfig config) throws IOException {
        return switch (config.exporter()) {
            case OTLP -> new OtlpHttpTransport(endpoint(config.endpoint()));
            case XRAY_UDP -> new XrayUdpTransport(XrayDaemonAddress.parse(config.xrayDaemonAddress()));
            case LOGGING -> new LoggingTransport();
        };
    }
}
