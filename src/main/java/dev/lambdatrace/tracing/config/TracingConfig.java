package dev.lambdatrace.tracing.config;

import java.time.Duration;

import dev.lambdatrace.tracing.xray.XrayDaemonAddress;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the per-invocation root span and its flush. Env form: {@code TRACING_FLUSH_TIMEOUT=500ms}.
 */
@ConfigMapping(prefix = "tracing")
public interface TracingConfig {

    /** Where a flush sends the spans. */
    enum Exporter {
        /** OTLP http/protobuf to the collector layer. */
        OTLP,
        /** OTLP over UDP to Lambda's X-Ray daemon, with no collector layer. Verified locally only, not yet on AWS. */
        XRAY_UDP,
        /** The application log; for dev mode, where no collector runs. */
        LOGGING
    }

    /**
     * How long an invocation waits, after its root span ended, for the collector to acknowledge the export. Spans that
     * are not acknowledged by then are counted as dropped and the response goes back anyway. Default 1s.
     */
    @WithDefault("1s")
    Duration flushTimeout();

    /** Where spans go: {@code otlp}, {@code xray-udp} or {@code logging}. Default {@code otlp}. */
    @WithDefault("otlp")
    Exporter exporter();

    /** The collector's OTLP/HTTP traces URL. Default {@code http://localhost:4318/v1/traces}, the layer's port. */
    @WithDefault("http://localhost:4318/v1/traces")
    String endpoint();

    /** The X-Ray daemon for {@code xray-udp}: {@code host:port} or {@code tcp:host:port udp:host:port}. */
    @WithDefault(XrayDaemonAddress.DEFAULT)
    String xrayDaemonAddress();
}
