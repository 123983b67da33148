package dev.lambdatrace.lab.contestants;

import java.util.Map;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.SpanSink;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * The roles this project's one artifact plays in the lab, chosen by environment variables as on Lambda.
 */
public enum TracingRole {
    /** OTLP/HTTP to a collector, flushed and acknowledged per invocation, before the response. */
    TRACED("tracing on, OTLP/HTTP to the sink, flushed before each response"),
    /** The same, flushed after the response by the internal extension, before the sandbox may freeze. */
    TRACED_AFTER("tracing on, OTLP/HTTP to the sink, flushed after each response by an internal extension"),
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

    public SpanSink createSink(LabSettings settings) {
        if (this == TRACED_UDP) {
            return XrayUdpReceiver.start(0);
        }
        OtlpReceiver receiver = settings.sinkIdleTimeout().isZero() ? OtlpReceiver.start(0)
                : OtlpReceiver.closingIdleConnections(settings.sinkIdleTimeout());
        receiver.behave(settings.collector().behaviour);
        receiver.delay(settings.syncExportDelay());
        return receiver;
    }

    public Map<String, String> environment(String sinkAddress) {
        return switch (this) {
            case TRACED -> Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress);
            case TRACED_AFTER -> Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress,
                    "TRACING_FLUSH", "after-response");
            case TRACED_UDP -> Map.of("TRACING_EXPORTER", "xray-udp", "AWS_XRAY_DAEMON_ADDRESS", sinkAddress);
            case BASELINE -> Map.of("QUARKUS_OTEL_SDK_DISABLED", "true");
        };
    }
}
