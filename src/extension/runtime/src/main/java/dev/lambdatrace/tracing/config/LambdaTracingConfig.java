package dev.lambdatrace.tracing.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How each invocation's spans leave: when, where, and how long a flush may wait. Where the collector is, and its
 * headers and compression, are Quarkus' own {@code quarkus.otel.exporter.otlp.*} settings (or the standard
 * {@code OTEL_EXPORTER_OTLP_*} variables).
 */
@ConfigMapping(prefix = "quarkus.lambda-tracing")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface LambdaTracingConfig {

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
     * How long a flush waits for the collector to acknowledge the spans, at most; never past the invocation's deadline
     * less a margin. Unset, {@code OTEL_EXPORTER_OTLP_TRACES_TIMEOUT}, {@code OTEL_EXPORTER_OTLP_TIMEOUT} (milliseconds)
     * or Quarkus' {@code quarkus.otel.exporter.otlp.traces.timeout} and {@code quarkus.otel.exporter.otlp.timeout}
     * apply, then 1s.
     */
    Optional<Duration> flushTimeout();

    /**
     * When spans leave: {@code before-response}, {@code after-response} or {@code background}. Unset, the platform
     * decides: {@code before-response} on classic Lambda, {@code background} on Lambda Managed Instances.
     */
    Optional<Flush> flush();

    /**
     * Where spans go: {@code otlp}, {@code xray-udp} or {@code logging}. Default {@code otlp}; {@code logging} in dev
     * mode, where no collector runs.
     */
    @WithDefault("otlp")
    Exporter exporter();

    /**
     * The X-Ray daemon for {@code xray-udp}: {@code host:port} or {@code tcp:host:port udp:host:port}. Unset,
     * {@code AWS_XRAY_DAEMON_ADDRESS} applies (Lambda sets it with active tracing), then {@code 127.0.0.1:2000}.
     */
    Optional<String> xrayDaemonAddress();

    /** Whether the root span carries the caller's IP as {@code client.address}. Off: no client IPs in spans. */
    @WithDefault("false")
    boolean captureClientAddress();
}
