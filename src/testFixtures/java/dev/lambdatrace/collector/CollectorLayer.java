package dev.lambdatrace.collector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.lambdatrace.emulator.ExtensionProcess;
import dev.lambdatrace.tools.LoopbackPorts;
import dev.lambdatrace.tools.ProcessLog;

/**
 * The real OpenTelemetry Collector as a Lambda collector layer runs it: a process inside the function's sandbox,
 * started with the function, ready once its receivers listen, frozen and thawed with the function, its memory and CPU
 * the sandbox's; or on its own, beside a test ({@link OtelCollector#start}). It runs a config as it ships and exports
 * to a {@link FakeXray}. As a {@link SpanSink}, a span counts as received when its segment reached X-Ray, which is
 * what a user would see.
 */
public final class CollectorLayer implements SpanSink, ExtensionProcess {

    // The collector logs this once every component has started, its receivers' listeners among them.
    static final String READY_LINE = "Everything is ready. Begin running and processing data.";
    private static final int TAIL_LINES = 20;

    private final List<String> command;
    private final FakeXray xray;
    private final int httpPort;
    private final int grpcPort;
    private final Path log;
    private Process process;
    private boolean closed;

    private CollectorLayer(List<String> command, FakeXray xray, int httpPort, int grpcPort, Path log) {
        this.command = command;
        this.xray = xray;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.log = log;
    }

    /**
     * A collector on {@code config} with {@code settings} on top (the collector's {@code --set}), exporting to
     * {@code xray}, logging to {@code log}; not started yet, since its sandbox starts it with the function.
     */
    public static CollectorLayer of(Path config, Map<String, String> settings, FakeXray xray, Path log) {
        int httpPort = LoopbackPorts.free();
        int grpcPort = LoopbackPorts.free();
        return new CollectorLayer(OtelCollector.command(config, xray, httpPort, grpcPort, settings), xray, httpPort,
                grpcPort, log);
    }

    @Override
    public List<String> command() {
        return command;
    }

    /**
     * Starts the collector. Its output goes to the log through a thread of this JVM, which completes the future when
     * the collector says it is ready: reading the line costs nothing while the collector is frozen, where polling its
     * port would cost the machine, and could only see readiness at the poll's granularity.
     */
    @Override
    public synchronized CompletableFuture<Void> start() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(OtelCollector.offlineAwsEnvironment());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Process started = process;
        Thread reader = new Thread(() -> copyOutput(started, ready), "collector-log-" + started.pid());
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    private void copyOutput(Process started, CompletableFuture<Void> ready) {
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                file.write(line);
                file.write('\n');
                file.flush();
                if (!ready.isDone()) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                    if (line.contains(READY_LINE)) {
                        ready.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(new IllegalStateException("cannot read the collector's output", e));
        }
        ready.completeExceptionally(new IllegalStateException("the collector ended before it was ready (see " + log
                + "): " + String.join("\n", tail)));
    }

    @Override
    public synchronized long pid() {
        return process.pid();
    }

    @Override
    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM: the collector shuts down as on Lambda's SHUTDOWN, exporting what its processors still hold. */
    @Override
    public void terminate(Duration grace) throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null || !running.isAlive()) {
            return;
        }
        // Through the handle: Process.destroy() also closes the pipe the collector logs to, and the collector,
        // logging that it got the signal, would die of SIGPIPE before it exported what its processors hold.
        running.toHandle().destroy();
        if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public FakeXray xray() {
        return xray;
    }

    /** The OTLP/HTTP traces URL. */
    @Override
    public String address() {
        return "http://127.0.0.1:" + httpPort + OtlpReceiver.HTTP_PATH;
    }

    /** The OTLP/gRPC receiver's address, where Quarkus sends metrics and logs by default. */
    public String grpcEndpoint() {
        return "http://127.0.0.1:" + grpcPort;
    }

    @Override
    public List<ReceivedSpan> spans() {
        return xray.segments().stream().map(XraySegment::asReceivedSpan).toList();
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    /** Everything the collector logged so far. */
    public String output() {
        return new ProcessLog(log).read();
    }

    /** Waits for a line holding one of {@code texts} from the collector; returns the whole output. */
    public String awaitOutput(String... texts) {
        return new ProcessLog(log).await(texts);
    }

    /** Starts it and waits until it is ready: for a collector on its own, outside a sandbox. */
    public CollectorLayer startAndAwait(Duration limit) {
        try {
            start().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            refuseConnections();
            throw new IllegalStateException("the collector was not ready within " + limit + ": " + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as when the layer crashes: the function's next flushes find nobody, until {@link #start()}. */
    @Override
    public void refuseConnections() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
            try {
                running.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the collector and its fake X-Ray; once, since the sandbox closes its sink and a test may too. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            terminate(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuseConnections();
        } finally {
            xray.close();
        }
    }
}
