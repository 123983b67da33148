package dev.lambdatrace.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the function's build left in its {@code target/} directory: the runner jar, the native executable, and the
 * classpath of AWS's Java runtime client that the build writes beside them.
 */
public record FunctionArtifacts(Path target) {

    /** The build directory of the function, from {@code function.target} when a build outside it (the lab) runs. */
    public static FunctionArtifacts ofBuild() {
        return new FunctionArtifacts(Path.of(System.getProperty("function.target", "target")).toAbsolutePath());
    }

    /** The legacy runner jar; its manifest puts {@code target/lib/*} on the classpath. */
    public Optional<Path> runnerJar() {
        return find(path -> path.getFileName().toString().endsWith("-runner.jar"));
    }

    /** The native executable; {@code native.image.path} names it when the build set it. */
    public Optional<Path> nativeRunner() {
        String configured = System.getProperty("native.image.path");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath()).filter(Files::isExecutable);
        }
        return find(path -> path.getFileName().toString().endsWith("-runner") && Files.isExecutable(path));
    }

    /** Written by the build (maven-dependency-plugin): AWS's runtime interface client and what it needs. */
    public Optional<String> runtimeClientClasspath() {
        Path file = target.resolve("runtime-client.classpath");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> find(Predicate<Path> matcher) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(matcher).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
