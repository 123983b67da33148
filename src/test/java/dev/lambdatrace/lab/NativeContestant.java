package dev.lambdatrace.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The native runner as {@code provided.al2023} runs it: the executable is the runtime, polling with Quarkus' own loop.
 */
final class NativeContestant extends Contestant {

    private final boolean traced;

    NativeContestant(String name, boolean traced) {
        super(name);
        this.traced = traced;
    }

    @Override
    String description() {
        return traced ? "this project, native, tracing on" : "this project, native, QUARKUS_OTEL_SDK_DISABLED=true";
    }

    @Override
    Optional<String> unavailableReason(LabPaths paths) {
        return paths.nativeRunner().isPresent() ? Optional.empty()
                : Optional.of("no native runner in target/ (build it with ./mvnw package -Dnative, see README)");
    }

    @Override
    List<String> command(LabPaths paths) {
        // A native image sizes its heap at 80% of the memory it sees, which in a 512 MB sandbox is about 410 MB.
        return List.of(paths.nativeRunner().orElseThrow().toString(), "-Xmx410m");
    }

    @Override
    boolean traced() {
        return traced;
    }

    @Override
    Map<String, String> tracingEnvironment(String collectorEndpoint) {
        if (!traced) {
            return Map.of("QUARKUS_OTEL_SDK_DISABLED", "true");
        }
        return Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collectorEndpoint + "/v1/traces");
    }
}
