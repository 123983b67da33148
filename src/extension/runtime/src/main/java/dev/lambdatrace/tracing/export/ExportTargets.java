package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.config.BackgroundExportSettings;
import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.FlushTimeout;
import dev.lambdatrace.tracing.config.OtlpExportSettings;
import dev.lambdatrace.tracing.config.LambdaTracingConfig;
import dev.lambdatrace.tracing.xray.XrayDaemonAddress;

/**
 * Builds the {@link ExportTarget} that {@code quarkus.lambda-tracing.exporter} names.
 */
public final class ExportTargets {

    private static final Logger LOG = Logger.getLogger(ExportTargets.class);

    /** Resolved once at startup; a setting the function cannot honour stops it there, naming the setting. */
    @Produces
    @Singleton
    static ExportTarget exportTarget(LambdaTracingConfig config, Config settings) throws IOException {
        return of(config, settings, System.getenv());
    }

    static ExportTarget of(LambdaTracingConfig config, Config settings, Map<String, String> environment)
            throws IOException {
        int maxQueueSize = BackgroundExportSettings.resolve(ConfigSource.of(settings)).maxQueueSize();
        return switch (config.exporter()) {
            case OTLP -> {
                OtlpExportSettings otlp = OtlpExportSettings.resolve(ConfigSource.of(settings), config.flushTimeout());
                if (otlp.substitution() != null) {
                    LOG.info(otlp.substitution());
                }
                yield new ExportTarget(new OtlpHttpTransport(otlp.endpoint(), otlp.headers(), otlp.gzip()),
                        otlp.timeout(), maxQueueSize);
            }
            case XRAY_UDP -> new ExportTarget(new XrayUdpTransport(XrayDaemonAddress.parse(
                    XrayDaemonAddress.configured(config.xrayDaemonAddress(), environment))), flushTimeout(config),
                    maxQueueSize);
            case LOGGING -> new ExportTarget(new LoggingTransport(), flushTimeout(config), maxQueueSize);
        };
    }

    private static Duration flushTimeout(LambdaTracingConfig config) {
        return config.flushTimeout().map(FlushTimeout::checked).orElse(OtlpExportSettings.DEFAULT_TIMEOUT);
    }

    // ArC instantiates the class that declares the producer.
    ExportTargets() {
    }
}
