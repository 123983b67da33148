package dev.lambdatrace.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.collector.SpanSink;

/**
 * The native runner as {@code provided.al2023} runs it: the executable is the runtime, polling with Quarkus' own loop.
 */
final class NativeContestant extends Contestant {

    private final TracingRole role;

    NativeContestant(String name, TracingRole role) {
        super(name);
        this.role = role;
    }

    @Override
    String description() {
        return "this project, native, " + role.description;
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
        return role.traced();
    }

    @Override
    SpanSink createSink(LabSettings settings) {
        return role.createSink(settings);
    }

    @Override
    Map<String, String> tracingEnvironment(String sinkAddress) {
        return role.environment(sinkAddress);
    }
}
