package dev.lambdatrace.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The file a child process (the function, AWS's emulator, the collector) writes its output to. What a process prints
 * may reach the file after whatever the test observed (the emulator copies its runtime's output through a pipe of its
 * own), so a line is waited for, with a deadline, never read once.
 */
public final class ProcessLog {

    /** Long enough for a busy machine to pass a line through the emulator's pipe; returns as soon as it is there. */
    public static final Duration LINE_LIMIT = Duration.ofSeconds(10);

    private final Path file;

    public ProcessLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Everything written so far; empty before the process has written anything. */
    public String read() {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the output holds one of {@code texts}, at most {@link #LINE_LIMIT}, and returns the output; throws
     * an assertion error with the whole output otherwise.
     */
    public String await(String... texts) {
        long until = System.nanoTime() + LINE_LIMIT.toNanos();
        while (true) {
            String output = read();
            if (Arrays.stream(texts).anyMatch(output::contains)) {
                return output;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("no line with " + Arrays.toString(texts) + " within " + LINE_LIMIT + " in "
                        + file + ":\n" + output);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + Arrays.toString(texts), e);
            }
        }
    }
}
