package dev.lambdatrace.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task many times from several threads at once, as callers of a function do: bounded, and what failed is
 * rethrown.
 */
public final class Concurrently {

    /** A task that may throw. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** {@code total} runs of {@code task} from {@code callers} threads; each run may take at most five minutes. */
    public static void run(int callers, int total, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                done.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Concurrently() {
    }
}
