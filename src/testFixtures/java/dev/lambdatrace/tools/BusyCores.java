package dev.lambdatrace.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another process that keeps every core of this machine busy, as CI's machine may be while a test runs: one busy
 * shell loop per core, each ended by {@link #close} or, should the test die first, by itself after a time limit.
 */
public final class BusyCores implements AutoCloseable {

    private final List<Process> loops = new ArrayList<>();

    private BusyCores(Duration limit) {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            for (int i = 0; i < cores; i++) {
                loops.add(new ProcessBuilder("timeout", String.valueOf(limit.toSeconds()), "sh", "-c",
                        "while :; do :; done").start());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the busy loops", e);
        }
    }

    /** Starts the loops; they stop by themselves after {@code limit}. */
    public static BusyCores forAtMost(Duration limit) {
        return new BusyCores(limit);
    }

    /** How many busy loops run: one per core. */
    public int loops() {
        return (int) loops.stream().filter(Process::isAlive).count();
    }

    @Override
    public void close() {
        for (Process loop : loops) {
            loop.descendants().forEach(ProcessHandle::destroyForcibly);
            loop.destroyForcibly();
        }
    }
}
