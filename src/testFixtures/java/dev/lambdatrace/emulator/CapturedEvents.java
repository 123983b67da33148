package dev.lambdatrace.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.lambdatrace.tools.ProjectTools;

/**
 * HTTP API events from outside this project, committed under {@code src/testFixtures/events}: what aws-sam-cli's
 * {@code sam local generate-event} writes, and a Function URL request in AWS's documented shape (see its README).
 */
public final class CapturedEvents {

    /** The events' directory. */
    public static Path directory() {
        return ProjectTools.repositoryRoot().resolve("src/testFixtures/events");
    }

    /** Every event file. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event in {@code file}, as Lambda would hand it to the runtime. */
    public static String read(String file) {
        try {
            return Files.readString(directory().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CapturedEvents() {
    }
}
