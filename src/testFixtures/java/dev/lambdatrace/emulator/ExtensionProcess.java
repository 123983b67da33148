package dev.lambdatrace.emulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A process that runs in the function's sandbox beside the runtime, as Lambda runs an external extension from
 * {@code /opt/extensions} (a collector layer, say). The {@link Sandbox} starts it together with the function, does
 * not end init until it is ready, freezes and thaws it with the function, and ends it after the function. Lambda
 * counts its memory and CPU as the sandbox's, and so does the lab.
 */
public interface ExtensionProcess {

    /** What it runs; the sandbox reads these files into the page cache first, as it does the function's. */
    List<String> command();

    /**
     * Starts the process. The future completes once it is ready to serve the function (a collector: its receivers
     * listen), and completes exceptionally, saying why, if the process ends first.
     */
    CompletableFuture<Void> start();

    /** Valid once {@link #start()} returned. */
    long pid();

    boolean alive();

    /** SIGTERM, as Lambda ends a sandbox; waits up to {@code grace} for the process to exit, then kills it. */
    void terminate(Duration grace) throws InterruptedException;
}
