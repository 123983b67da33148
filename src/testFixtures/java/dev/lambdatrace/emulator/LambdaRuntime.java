package dev.lambdatrace.emulator;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda runtimes this project's function runs on, and how each starts the build's artifact.
 */
public enum LambdaRuntime {

    /** {@code provided.al2023}: the native executable is {@code bootstrap}, polling with Quarkus' own loop. */
    PROVIDED_AL2023("native"),
    /** {@code java17}, {@code java21}, {@code java25}: the runner jar under AWS's Java runtime client. */
    JAVA("jvm");

    /** The handler the java runtimes are given: Quarkus' stream handler plus the early extension registration. */
    public static final String JAVA_HANDLER = "dev.lambdatrace.runtime.LambdaStreamHandler::handleRequest";

    private final String shortName;

    LambdaRuntime(String shortName) {
        this.shortName = shortName;
    }

    /** "native" or "jvm", for log directories and contestant names. */
    public String shortName() {
        return shortName;
    }

    /** Empty when the build left what this runtime needs; otherwise what is missing and how to build it. */
    public Optional<String> unavailableReason(FunctionArtifacts artifacts) {
        return switch (this) {
            case PROVIDED_AL2023 -> artifacts.nativeRunner().isPresent() ? Optional.empty()
                    : Optional.of("no native executable in " + artifacts.target()
                            + ": build it with ./mvnw package -Dnative (see README, 'Build the native zip')");
            case JAVA -> artifacts.runnerJar().isEmpty()
                    ? Optional.of("no *-runner.jar in " + artifacts.target() + ": ./mvnw package builds it")
                    : artifacts.runtimeClientClasspath().isEmpty()
                            ? Optional.of("no runtime-client.classpath in " + artifacts.target()
                                    + ": ./mvnw package writes it")
                            : Optional.empty();
        };
    }

    /** The native executable; a missing one fails the caller, never skips it. */
    public static Path nativeExecutable(FunctionArtifacts artifacts) {
        return artifacts.nativeRunner().orElseThrow(() -> new IllegalStateException(
                PROVIDED_AL2023.unavailableReason(artifacts).orElseThrow()));
    }

    /**
     * The process Lambda would start. {@code extraOptions} (space-separated) go to the executable or the JVM: for
     * experiments and profiling.
     */
    public List<String> command(FunctionArtifacts artifacts, String extraOptions) {
        unavailableReason(artifacts).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        if (this == JAVA) {
            return JavaRuntime.command(artifacts.runnerJar().orElseThrow() + File.pathSeparator
                    + artifacts.runtimeClientClasspath().orElseThrow(), JAVA_HANDLER, extraOptions);
        }
        // As Lambda runs bootstrap: with no arguments of ours. MaxRAM stands in for the sandbox's 512 MB, which the
        // executable would read from its cgroup on Lambda; here it would see the whole machine.
        List<String> command = new ArrayList<>(List.of(nativeExecutable(artifacts).toString(),
                "-XX:MaxRAM=" + LambdaEnvironment.MEMORY_MB + "m"));
        if (extraOptions != null && !extraOptions.isBlank()) {
            command.addAll(List.of(extraOptions.trim().split("\\s+")));
        }
        return command;
    }
}
