package dev.lambdatrace.lab;

import java.util.List;
import java.util.Optional;

/**
 * The native runner as {@code provided.al2023} runs it: the executable is the runtime, polling with Quarkus' own loop.
 */
final class NativeContestant extends ProjectContestant {

    NativeContestant(String name, TracingRole role) {
        super(name, role);
    }

    @Override
    String form() {
        return "native";
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
}
