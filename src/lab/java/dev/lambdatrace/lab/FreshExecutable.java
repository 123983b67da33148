package dev.lambdatrace.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.lambdatrace.emulator.FunctionArtifacts;

/**
 * A just-written copy of a build's native executable for one contestant's process, as Lambda unpacks a function's
 * zip into each new sandbox. Run from the build's own file, the same executable measured 10 MB more peak RSS: after
 * earlier runs the kernel had mapped that file's page cache in 2 MB pages ({@code FilePmdMapped}), each counted whole
 * once touched.
 */
public final class FreshExecutable {

    private FreshExecutable() {
    }

    /**
     * Artifacts whose native executable is a copy of {@code build}'s, written now into {@code directory}; the build's
     * own artifacts when it has no executable (the caller then reports what is missing).
     */
    public static FunctionArtifacts of(FunctionArtifacts build, Path directory) {
        return build.nativeRunner().map(executable -> {
            try {
                Files.createDirectories(directory);
                Path copy = directory.resolve(executable.getFileName());
                // A new file, not the old one rewritten: a process still running the old one keeps it.
                Files.deleteIfExists(copy);
                Files.copy(executable, copy, StandardCopyOption.COPY_ATTRIBUTES);
                return new FunctionArtifacts(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(build);
    }
}
