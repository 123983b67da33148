package dev.lambdatrace.lab.managed;

import java.util.List;
import java.util.Map;

/**
 * One configuration of the function on Lambda Managed Instances, and where its spans go.
 *
 * @param sink {@code none}, {@code udp} (the X-Ray daemon's port, no collector: the deploy kit's choice there) or
 *             {@code collector} (the real collector on the shipped config, exporting to a fake X-Ray)
 */
record ManagedContestant(String name, String description, Map<String, String> environment, String sink) {

    static final List<ManagedContestant> ALL = List.of(
            new ManagedContestant("baseline", "tracing off (QUARKUS_OTEL_SDK_DISABLED)",
                    Map.of("QUARKUS_OTEL_SDK_DISABLED", "true"), "none"),
            new ManagedContestant("traced-udp", "background export, OTLP over UDP to the X-Ray daemon",
                    Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp"), "udp"),
            new ManagedContestant("traced-otlp", "background export, OTLP/HTTP to the collector",
                    Map.of(), "collector"),
            new ManagedContestant("traced-blocking", "a flush before each response, OTLP/HTTP to the collector "
                    + "(classic Lambda's way)", Map.of("QUARKUS_LAMBDA_TRACING_FLUSH", "before-response"), "collector"));

    boolean traced() {
        return !sink.equals("none");
    }
}
