package dev.lambdatrace.tracing.export;

import java.io.IOException;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.FlushTimeout;
import dev.lambdatrace.tracing.config.OtlpExportSettings;
import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.xray.XrayDaemonAddress;

/**
 * Builds the {@link ExportTarget} that {@code tracing.exporter} names.
 */
final class ExportTargets {

    /** Resolved once at startup; a setting the function cannot honour stops it there, naming the setting. */
    @Produces
    @Singleton
    static ExportTarget exportTarget(TracingConfig config, Config settings) throws IOException {
        return switch (config.exporter()) {
            case OTLP -> {
                OtlpExportSettings otlp = OtlpExportSettings.resolve(ConfigSource.of(settings), config.flushTimeout());
                SpanTransport transport = new OtlpHttpTransport(otlp.endpoint(), otlp.headers(), otlp.gzip());
                yield new ExportTarget(transport, otlp.timeout(), true);
            }
            case XRAY_UDP -> new ExportTarget(new XrayUdpTransport(XrayDaemonAddress.parse(config.xrayDaemonAddress())),
                    config.flushTimeout().map(FlushTimeout::checked).orElse(OtlpExportSettings.DEFAULT_TIMEOUT), false);
            case LOGGING -> new ExportTarget(new LoggingTransport(),
                    config.flushTimeout().map(FlushTimeout::checked).orElse(OtlpExportSettings.DEFAULT_TIMEOUT), false);
        };
    }

    // ArC instantiates the class that declares the producer.
    ExportTargets() {
    }
}
