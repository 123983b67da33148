package dev.lambdatrace.tracing.config;

import java.time.Duration;
import java.util.Optional;

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

    /** When an invocation's spans are flushed. */
    enum Flush {
        /** Before the response goes back: the caller waits for the collector's acknowledgement. */
        BEFORE_RESPONSE,
        /** After the response, before Lambda freezes the sandbox, by an internal Lambda extension. */
        AFTER_RESPONSE,
        /** Not per invocation: a thread exports batches. Lambda Managed Instances only, which never freeze. */
        BACKGROUND
    }

    /**
     * How long a flush waits for the collector to acknowledge the spans, at most; never past the invocation's deadline.
     * Unset, {@code OTEL_EXPORTER_OTLP_TRACES_TIMEOUT} or {@code OTEL_EXPORTER_OTLP_TIMEOUT} apply, then 1s.
     */
    Optional<Duration> flushTimeout();

    /**
     * When spans leave: {@code before-response}, {@code after-response} or {@code background}. Unset, the platform
     * decides: {@code before-response} on classic Lambda, {@code background} on Lambda Managed Instances.
     */
    Optional<Flush> flush();

    /** Where spans go: {@code otlp}, {@code xray-udp} or {@code logging}. Default {@code otlp}. */
    @WithDefault("otlp")
    Exporter exporter();

    /**
     * The collector's OTLP/HTTP traces URL, used as it is. Unset, the standard OTel variables apply (see the README's
     * configuration table), then {@code http://localhost:4318/v1/traces}. {@link OtlpExportSettings} reads it in its
     * place among those keys; declared here, it is a key the mapping knows, so Quarkus starts with it set.
     */
    Optional<String> endpoint();

    /**
     * The X-Ray daemon for {@code xray-udp}: {@code host:port} or {@code tcp:host:port udp:host:port}. Unset,
     * {@code AWS_XRAY_DAEMON_ADDRESS} applies (Lambda sets it with active tracing), then {@code 127.0.0.1:2000}.
     */
    Optional<String> xrayDaemonAddress();

    /** Whether the root span carries the caller's IP as {@code client.address}. Off: no client IPs in spans. */
    @WithDefault("false")
    boolean captureClientAddress();
}
