package dev.lambdatrace.emulator;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a contestant's jars once before it starts, so that the first contestant to start does not pay alone for
 * reading shared jars from disk: init times then compare like with like.
 */
final class PageCache {

    static void warm(List<String> command) {
        int classpath = command.indexOf("-cp");
        if (classpath >= 0 && classpath + 1 < command.size()) {
            for (String entry : command.get(classpath + 1).split(File.pathSeparator)) {
                Path path = Path.of(entry);
                read(path);
                // The runner jar names its libraries in its manifest; they sit in lib/ beside it.
                if (entry.endsWith("-runner.jar") && path.getParent() != null) {
                    readTree(path.getParent().resolve("lib"));
                }
            }
        } else if (!command.isEmpty()) {
            read(Path.of(command.get(0)));
        }
    }

    private static void readTree(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).forEach(PageCache::read);
        } catch (IOException ignored) {
            // Only a warm-up: a file that cannot be read is read by the JVM later, or reported by it.
        }
    }

    private static void read(Path file) {
        if (Files.isDirectory(file)) {
            readTree(file);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // As above.
        }
    }

    private PageCache() {
    }
}
