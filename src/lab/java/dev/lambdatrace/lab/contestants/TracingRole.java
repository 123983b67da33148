package dev.lambdatrace.lab.contestants;

import java.util.Map;

/**
 * The roles this project's one artifact plays in the lab, chosen by environment variables as on Lambda.
 */
public enum TracingRole {
    /** OTLP/HTTP to a collector, flushed and acknowledged per invocation, before the response. */
    TRACED("tracing on, OTLP/HTTP to the collector, flushed before each response"),
    /** The same, flushed after the response by the internal extension, before the sandbox may freeze. */
    TRACED_AFTER("tracing on, OTLP/HTTP to the collector, flushed after each response by an internal extension"),
    /** OTLP over UDP to an X-Ray daemon, no collector. */
    TRACED_UDP("tracing on, OTLP over UDP to an X-Ray daemon stand-in, no collector"),
    /** Tracing off. */
    BASELINE("QUARKUS_OTEL_SDK_DISABLED=true");

    public final String description;

    TracingRole(String description) {
        this.description = description;
    }

    public boolean traced() {
        return this != BASELINE;
    }

    public SpanRoute route() {
        return switch (this) {
            case TRACED, TRACED_AFTER -> SpanRoute.OTLP_TO_COLLECTOR;
            case TRACED_UDP -> SpanRoute.UDP_TO_XRAY_DAEMON;
            case BASELINE -> SpanRoute.NONE;
        };
    }

    public Map<String, String> environment(String sinkAddress) {
        return switch (this) {
            case TRACED -> Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress);
            case TRACED_AFTER -> Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress,
                    "QUARKUS_LAMBDA_TRACING_FLUSH", "after-response");
            case TRACED_UDP -> Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp", "AWS_XRAY_DAEMON_ADDRESS", sinkAddress);
            case BASELINE -> Map.of("QUARKUS_OTEL_SDK_DISABLED", "true");
        };
    }
}
