package dev.lambdatrace.lab;

import java.util.ArrayList;
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
        // As Lambda runs bootstrap: with no arguments of ours. MaxRAM stands in for the sandbox's 512 MB, which the
        // executable would read from its cgroup on Lambda; here it would see the whole machine.
        List<String> command = new ArrayList<>(List.of(paths.nativeRunner().orElseThrow().toString(),
                "-XX:MaxRAM=" + Sandbox.MEMORY_MB + "m"));
        // For experiments with the executable's runtime options, e.g. -Dlab.native-options=-Xmn8m
        String extra = System.getProperty("lab.native-options", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        return command;
    }
}
