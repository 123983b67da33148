package dev.lambdatrace.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.tools.LoopbackPorts;
import dev.lambdatrace.tools.ProjectTools;

/**
 * AWS's Lambda Runtime Interface Emulator (the Runtime API that {@code sam local} runs) with this project's function
 * as its {@code bootstrap}, on loopback. Unlike Lambda it answers an invoke only once the runtime and every extension
 * have called {@code next}, sends no trace header, and never freezes the process.
 */
public final class RuntimeInterfaceEmulator implements AutoCloseable {

    public static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    /** The emulator's answer to one invoke, and how long the caller waited for it. */
    public record Answer(int status, String body, long sentAtNanos, long answeredAtNanos) {
        public long latencyNanos() {
            return answeredAtNanos - sentAtNanos;
        }
    }

    private final Process process;
    private final Path log;
    private final int invokePort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RuntimeInterfaceEmulator(Process process, Path log, int invokePort) {
        this.process = process;
        this.log = log;
        this.invokePort = invokePort;
    }

    /**
     * Starts the emulator with the function on {@code runtime} as its bootstrap, Lambda's function settings for
     * {@code functionName}, and {@code environment} passed through to the function.
     */
    public static RuntimeInterfaceEmulator start(LambdaRuntime runtime, FunctionArtifacts artifacts,
            String functionName, Map<String, String> environment) {
        try {
            Path directory = artifacts.target().resolve("rie").resolve(functionName);
            Files.createDirectories(directory);
            Path bootstrap = bootstrap(directory, runtime.command(artifacts, null));
            int invokePort = LoopbackPorts.free();
            int runtimeApiPort = LoopbackPorts.free();
            Path log = directory.resolve("rie.log");
            ProcessBuilder builder = new ProcessBuilder(ProjectTools.rie().toString(),
                    "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                    "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                    "--log-level", "info", bootstrap.toString())
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = new HashMap<>(LambdaEnvironment.of(functionName, "unused"));
            // The emulator sets the Runtime API's address itself.
            env.remove("AWS_LAMBDA_RUNTIME_API");
            env.putAll(environment);
            builder.environment().keySet().removeIf(key -> key.startsWith("AWS_LAMBDA_"));
            builder.environment().putAll(env);
            RuntimeInterfaceEmulator emulator = new RuntimeInterfaceEmulator(builder.start(), log, invokePort);
            LoopbackPorts.awaitListening(emulator.process, invokePort, READY_LIMIT, emulator::output);
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator", e);
        }
    }

    /** POSTs {@code event} to the invoke endpoint, as {@code curl} would, and waits at most {@code limit}. */
    public Answer invoke(String event, Duration limit) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + invokePort + INVOKE_PATH))
                .timeout(limit).POST(HttpRequest.BodyPublishers.ofString(event)).build();
        long sentAt = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), sentAt, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator did not answer: " + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the emulator and the function printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // SIGTERM: the emulator ends the runtime, as Lambda ends a sandbox.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The emulator runs one executable with no arguments of ours, as Lambda runs bootstrap: a script that execs. */
    private static Path bootstrap(Path directory, List<String> command) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
        for (String part : command) {
            script.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        Path bootstrap = directory.resolve("bootstrap");
        Files.writeString(bootstrap, script.append('\n').toString());
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bootstrap;
    }


}
