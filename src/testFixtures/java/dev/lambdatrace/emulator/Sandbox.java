package dev.lambdatrace.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.collector.SpanSink;
import dev.lambdatrace.tools.ProcessLog;
import io.vertx.core.Vertx;

/**
 * One function process in an emulated Lambda sandbox: its own Runtime API endpoint, its own span sink, the
 * environment Lambda gives every function, any {@link ExtensionProcess} beside it (a collector layer), and, when
 * asked, freezing as Lambda does: SIGSTOP to every process of the sandbox once the runtime and every extension wait
 * on {@code next}, SIGCONT just before the next event goes out.
 */
public final class Sandbox implements AutoCloseable {

    private final RuntimeApiEndpoint endpoint;
    private final SpanSink sink;
    private final Process process;
    private final Path log;
    private final long startedAtNanos;
    private final ProcessSignals signals;
    private final List<ExtensionProcess> beside;
    private final CompletableFuture<Void> besideReady;
    private volatile boolean frozen;
    private volatile int freezes;
    private boolean closed;

    private Sandbox(RuntimeApiEndpoint endpoint, SpanSink sink, Process process, Path log, long startedAtNanos,
            ProcessSignals signals, List<ExtensionProcess> beside, CompletableFuture<Void> besideReady) {
        this.endpoint = endpoint;
        this.sink = sink;
        this.process = process;
        this.log = log;
        this.startedAtNanos = startedAtNanos;
        this.signals = signals;
        this.beside = beside;
        this.besideReady = besideReady;
    }

    /**
     * Starts {@code command} with Lambda's environment for {@code functionName} plus {@code environment}, its output in
     * {@code log}. With {@code freeze}, the process is stopped whenever the sandbox is idle.
     */
    public static Sandbox start(Vertx vertx, String functionName, List<String> command,
            Map<String, String> environment, SpanSink sink, boolean freeze, Path log) {
        return start(vertx, functionName, command, environment, sink, freeze, log, endpoint -> {
        });
    }

    /** As above, with a chance to set the endpoint up (say, without an Extensions API) before the process starts. */
    public static Sandbox start(Vertx vertx, String functionName, List<String> command,
            Map<String, String> environment, SpanSink sink, boolean freeze, Path log,
            java.util.function.Consumer<RuntimeApiEndpoint> beforeStart) {
        return start(vertx, functionName, command, environment, sink, freeze, log, beforeStart, List.of());
    }

    /**
     * As above, with {@code beside} running in the sandbox too: started together with the function, init over only
     * once each is ready, frozen and thawed with the function, ended after it.
     */
    public static Sandbox start(Vertx vertx, String functionName, List<String> command,
            Map<String, String> environment, SpanSink sink, boolean freeze, Path log,
            java.util.function.Consumer<RuntimeApiEndpoint> beforeStart, List<ExtensionProcess> beside) {
        RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint(vertx, functionName);
        beforeStart.accept(endpoint);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(LambdaEnvironment.of(functionName, endpoint.address()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            PageCache.warm(command);
            beside.forEach(extension -> PageCache.warm(extension.command()));
            // Before the function starts, so that starting the shell does not compete with its init.
            ProcessSignals signals = freeze ? new ProcessSignals() : null;
            // Init counts from the first process of the sandbox: Lambda starts external extensions, then the runtime.
            long startedAt = System.nanoTime();
            CompletableFuture<Void> besideReady = CompletableFuture.allOf(
                    beside.stream().map(ExtensionProcess::start).toArray(CompletableFuture[]::new));
            endpoint.holdInitUntil(besideReady);
            Process process = builder.start();
            Sandbox sandbox = new Sandbox(endpoint, sink, process, log, startedAt, signals, List.copyOf(beside),
                    besideReady);
            endpoint.lifecycle(sandbox.new Lifecycle());
            return sandbox;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            terminateQuietly(beside);
            throw e instanceof IOException io ? new UncheckedIOException("cannot start " + command, io)
                    : (RuntimeException) e;
        }
    }

    public RuntimeApiEndpoint endpoint() {
        return endpoint;
    }

    public SpanSink sink() {
        return sink;
    }

    /**
     * Waits until init is over (the runtime and every extension wait on {@code next}, and every process beside the
     * function is ready); false if the function, or a process beside it, died first.
     */
    public boolean awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (endpoint.initDoneAtNanos() == 0) {
            if (!process.isAlive() || besideReady.isCompletedExceptionally() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Why a process beside the function never became ready, if one did not. */
    public Optional<String> besideFailure() {
        if (!besideReady.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            besideReady.join();
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        }
    }

    /**
     * Lambda's Init Duration: from the sandbox's first process start until the runtime and every extension first wait
     * on {@code next} and every process beside the function is ready.
     */
    public double initMs() {
        return (endpoint.initDoneAtNanos() - startedAtNanos) / 1e6;
    }

    /** Invokes and waits until the sandbox is idle again, at most 30 s. */
    public Invocation invoke(String event, String traceHeader) {
        return await(endpoint.invoke(event, traceHeader));
    }

    public Invocation invoke(String event, String traceHeader, Duration timeout) {
        return await(endpoint.invoke(event, traceHeader, timeout));
    }

    public boolean frozen() {
        return frozen;
    }

    /** How often the sandbox was frozen so far. */
    public int freezes() {
        return freezes;
    }

    /** The function's process. */
    public long pid() {
        return process.pid();
    }

    /** The processes running beside the function in this sandbox, in the order they were given. */
    public List<ExtensionProcess> beside() {
        return beside;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended within {@code limit}; null otherwise. */
    public Integer exitCode(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Everything the function printed so far. */
    public String output() {
        return new ProcessLog(log).read();
    }

    /** Waits for a line holding one of {@code texts} from the function; returns the whole output. */
    public String awaitOutput(String... texts) {
        return new ProcessLog(log).await(texts);
    }

    /**
     * Ends the sandbox as Lambda does: thaws it, sends SHUTDOWN to the extensions that asked for it, then SIGTERM, and
     * waits up to {@code grace} for the process to exit before killing it. The processes beside the function end
     * after it, each with the same grace, so that what the function sends on its way out still finds its collector.
     */
    public void terminate(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            endpoint.shutdown(grace);
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } else if (frozen) {
            thawAll();
        }
        for (ExtensionProcess extension : beside) {
            extension.terminate(grace);
        }
    }

    private void thawAll() {
        if (signals != null) {
            if (process.isAlive()) {
                signals.resume(process.pid(), besidePids());
            } else {
                // A stopped process keeps a SIGTERM pending until it is continued.
                signals.resume(besidePids());
            }
        }
        frozen = false;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            terminate(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            terminateQuietly(beside);
        } finally {
            if (signals != null) {
                signals.close();
            }
            endpoint.close();
            sink.close();
        }
    }

    private List<Long> besidePids() {
        return beside.stream().filter(ExtensionProcess::alive).map(ExtensionProcess::pid).toList();
    }

    private static void terminateQuietly(List<ExtensionProcess> processes) {
        for (ExtensionProcess extension : processes) {
            try {
                extension.terminate(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ignored) {
                // Never started, or gone already: nothing left to end.
            }
        }
    }

    private static Invocation await(CompletableFuture<Invocation> invocation) {
        try {
            return invocation.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("invocation did not complete: " + e, e);
        }
    }

    private final class Lifecycle implements SandboxLifecycle {

        @Override
        public void beforeIdle() {
            // Datagrams sent before the runtime asked for its next event are in the kernel's queue by now.
            sink.collect();
        }

        @Override
        public void freeze() {
            if (signals != null && process.isAlive()) {
                signals.stop(process.pid(), besidePids());
                frozen = true;
                freezes++;
            }
        }

        @Override
        public void thaw() {
            if (frozen) {
                thawAll();
            }
        }
    }
}
