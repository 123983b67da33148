package dev.lambdatrace.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.tools.ProjectTools;

/**
 * Where the lab finds what the builds produced: the function's artifacts, and the peers' builds under
 * {@code target/lab} (src/lab/peer, src/lab/stock); and where it writes its report.
 */
public record LabPaths(FunctionArtifacts function, Path output) {

    /**
     * The function's build directory, from {@code function.target} (the function's build sets it), and the
     * repository's {@code target/lab}.
     */
    public static LabPaths ofBuild() {
        return new LabPaths(FunctionArtifacts.ofBuild(), ProjectTools.repositoryRoot().resolve("target/lab"));
    }

    /**
     * The integration-test application's build directory ({@code src/integration-tests}), from
     * {@code integration-tests.target} when the build sets it.
     */
    public FunctionArtifacts integrationTests() {
        String configured = System.getProperty("integration-tests.target");
        return new FunctionArtifacts(configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
                : ProjectTools.repositoryRoot().resolve("src/integration-tests/target"));
    }

    /** Where a contestant's fresh copy of a native executable goes ({@link FreshExecutable}). */
    public Path executableCopies(String contestant) {
        return output.resolve("executables").resolve(contestant);
    }

    /** The quarkus-stock contestant's runner jar, built by {@code src/lab/stock}. */
    public Optional<Path> stockRunnerJar() {
        Path build = output.resolve("stock-build");
        if (!Files.isDirectory(build)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(build)) {
            return files.filter(path -> path.getFileName().toString().endsWith("-runner.jar")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upstream peer's classes and dependencies, written by its own build ({@code src/lab/peer}). */
    public Optional<String> peerClasspath() {
        Path classes = output.resolve("peer-build").resolve("classes");
        Path dependencies = output.resolve("peer.classpath");
        if (!Files.isDirectory(classes) || !Files.exists(dependencies)) {
            return Optional.empty();
        }
        try {
            return Optional.of(classes + File.pathSeparator + Files.readString(dependencies).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
