package dev.lambdatrace.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the lab finds what the build produced: the function's jar, its native runner, and the classpaths of AWS's
 * runtime client and of the upstream peer.
 */
record LabPaths(Path target) {

    static LabPaths of(Path target) {
        return new LabPaths(target.toAbsolutePath());
    }

    Path output() {
        return target.resolve("lab");
    }

    /** The legacy runner jar; its manifest puts {@code target/lib/*} on the classpath. */
    Optional<Path> runnerJar() {
        return find(path -> path.getFileName().toString().endsWith("-runner.jar"));
    }

    Optional<Path> nativeRunner() {
        return find(path -> path.getFileName().toString().endsWith("-runner") && Files.isExecutable(path));
    }

    /** The quarkus-stock contestant's runner jar, built by {@code src/lab/stock}; absent unless the lab profile built it. */
    Optional<Path> stockRunnerJar() {
        Path build = output().resolve("stock-build");
        if (!Files.isDirectory(build)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(build)) {
            return files.filter(path -> path.getFileName().toString().endsWith("-runner.jar")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written by the build (maven-dependency-plugin): AWS's runtime interface client and what it needs. */
    Optional<String> runtimeClientClasspath() {
        return readClasspath(output().resolve("runtime-client.classpath"));
    }

    /** Written by the peer's own build ({@code src/lab/peer}); absent unless the lab profile built it. */
    Optional<String> peerClasspath() {
        Path classes = output().resolve("peer-build").resolve("classes");
        return readClasspath(output().resolve("peer.classpath"))
                .filter(dependencies -> Files.isDirectory(classes))
                .map(dependencies -> classes + java.io.File.pathSeparator + dependencies);
    }

    private Optional<Path> find(java.util.function.Predicate<Path> matcher) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(matcher).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> readClasspath(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
