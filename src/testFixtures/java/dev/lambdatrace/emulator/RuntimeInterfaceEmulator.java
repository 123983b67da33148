package dev.lambdatrace.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.tools.LoopbackPorts;
import dev.lambdatrace.tools.ProcessLog;
import dev.lambdatrace.tools.ProjectTools;

/**
 * AWS's Lambda Runtime Interface Emulator (the Runtime API that {@code sam local} runs) with this project's function
 * as its {@code bootstrap}, on loopback. Unlike Lambda it answers an invoke only once the runtime and every extension
 * have called {@code next}, sends no trace header, and never freezes the process.
 */
public final class RuntimeInterfaceEmulator implements AutoCloseable {

    public static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    /**
     * The emulator's answer to one invoke, and how long the caller waited for it.
     *
     * @param errorType the {@code Error-Type} header (many of the emulator's errors come with status 200), or empty
     */
    public record Answer(int status, String errorType, String body, long sentAtNanos, long answeredAtNanos) {
        public long latencyNanos() {
            return answeredAtNanos - sentAtNanos;
        }

        /** The emulator had no idle worker for it (Managed Instances): refused, not queued. */
        public boolean noIdleWorker() {
            return errorType.equals("Runtime.Unavailable");
        }
    }

    private final Process process;
    private final ProcessLog log;
    private final int invokePort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RuntimeInterfaceEmulator(Process process, Path log, int invokePort) {
        this.process = process;
        this.log = new ProcessLog(log);
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
            return start(directory, List.of(), bootstrap, functionName, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator", e);
        }
    }

    /**
     * Starts the emulator in its Lambda Managed Instances mode ({@code AWS_LAMBDA_MAX_CONCURRENCY} in its own
     * environment): invocations at once, up to one per worker the runtime runs, none queued. That mode runs only
     * {@code /var/task/bootstrap}, as a user of its own (uid 993): the emulator runs as root in a mount namespace of
     * its own, where the function's directory is mounted on {@code /var/task}, and the jar's runtime client is copied
     * there, out of the Maven repository that user cannot read. Nothing outside the namespace is mounted.
     */
    public static RuntimeInterfaceEmulator startManagedInstances(LambdaRuntime runtime, FunctionArtifacts artifacts,
            String functionName, int maxConcurrency, Map<String, String> environment) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("AWS's emulator runs Lambda Managed Instances only as root: it mounts the "
                    + "function on /var/task in a namespace of its own and starts it as another user");
        }
        try {
            Path directory = artifacts.target().resolve("rie").resolve(functionName);
            Path task = directory.resolve("task");
            Files.createDirectories(task);
            Path bootstrap = bootstrap(task, readableByTheFunctionsUser(task, runtime.command(artifacts, null)));
            for (Path dir = task; dir != null && dir.startsWith(artifacts.target().getParent()); dir = dir.getParent()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Map<String, String> env = new HashMap<>(environment);
            env.put("AWS_LAMBDA_MAX_CONCURRENCY", String.valueOf(maxConcurrency));
            // The emulator's default in this mode is JSON; plain lines keep the log readable.
            env.putIfAbsent("AWS_LAMBDA_LOG_FORMAT", "Text");
            List<String> namespace = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "task=$1; shift; mkdir -p /var/task && mount --bind \"$task\" /var/task && exec \"$@\"", "sh",
                    task.toString());
            return start(directory, namespace, bootstrap, functionName, env);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator", e);
        }
    }

    private static RuntimeInterfaceEmulator start(Path directory, List<String> prefix, Path bootstrap,
            String functionName, Map<String, String> environment) throws IOException {
        int invokePort = LoopbackPorts.free();
        int runtimeApiPort = LoopbackPorts.free();
        Path log = directory.resolve("rie.log");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ProjectTools.rie().toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                "--log-level", "info", bootstrap.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
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
    }

    /** The jars of {@code command}'s classpath that live in the Maven repository, copied into {@code task}. */
    private static List<String> readableByTheFunctionsUser(Path task, List<String> command) throws IOException {
        int classpath = command.indexOf("-cp") + 1;
        if (classpath == 0) {
            return command;
        }
        Path lib = Files.createDirectories(task.resolve("lib"));
        List<String> entries = new ArrayList<>();
        for (String entry : command.get(classpath).split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (jar.startsWith(Path.of(System.getProperty("user.home")))) {
                Path copy = lib.resolve(jar.getFileName());
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        List<String> readable = new ArrayList<>(command);
        readable.set(classpath, String.join(File.pathSeparator, entries));
        // The runtime client unpacks its JNI library to /tmp/.libaws-lambda-jni.so, where a copy that root's runs
        // left cannot be replaced by the function's user: it loads this one instead.
        readable.add(classpath - 1, "-D" + JNI_LIBRARY_PROPERTY + "=" + jniLibrary(entries, lib));
        return readable;
    }

    private static final String JNI_LIBRARY_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The runtime client's JNI library for this machine, out of its jar into {@code lib}. */
    private static Path jniLibrary(List<String> classpath, Path lib) throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String name = "libaws-lambda-jni.linux-" + arch + ".so";
        for (String entry : classpath) {
            if (entry.contains("aws-lambda-java-runtime-interface-client")) {
                try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(entry)) {
                    java.util.zip.ZipEntry library = jar.getEntry("jni/" + name);
                    if (library != null) {
                        Path copy = lib.resolve(name);
                        try (var in = jar.getInputStream(library)) {
                            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                        return copy;
                    }
                }
            }
        }
        throw new IllegalStateException("no " + name + " in the runtime client's jar on " + classpath);
    }

    /**
     * SIGTERM to the emulator alone, as Lambda stops an environment: it passes SIGTERM on to the runtime (only when an
     * extension registered; SIGKILL otherwise), kills it 600 ms later, and exits. Returns the emulator's exit code.
     */
    public int shutdown(Duration limit) {
        process.destroy();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the emulator did not exit within " + limit + ": " + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code event} to the invoke endpoint, as {@code curl} would, and waits at most {@code limit}. */
    public Answer invoke(String event, Duration limit) {
        return invoke(event, limit, Map.of());
    }

    /**
     * POSTs {@code event} with {@code headers}: the emulator hands {@code X-Amzn-Trace-Id} to the runtime as the
     * invocation's trace header, and {@code X-Amzn-RequestId} as its request ID.
     */
    public Answer invoke(String event, Duration limit, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + invokePort + INVOKE_PATH))
                .timeout(limit).POST(HttpRequest.BodyPublishers.ofString(event));
        headers.forEach(builder::header);
        long sentAt = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Error-Type").orElse(""),
                    response.body(), sentAt, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator did not answer: " + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * In the emulator's Managed Instances mode: invokes {@code event} as Lambda would with its own trace header and
     * request id, retrying while the emulator refuses it for want of an idle worker (it queues nothing: until every
     * worker polls, or while all are busy, an invoke gets {@code Runtime.Unavailable}).
     */
    public Answer invokeWhenAWorkerIsFree(String event, Duration limit, String traceHeader, String requestId) {
        Map<String, String> headers = Map.of("X-Amzn-Trace-Id", traceHeader, "X-Amzn-RequestId", requestId);
        for (int attempt = 0;; attempt++) {
            Answer answer = invoke(event, limit, headers);
            if (!answer.noIdleWorker() || attempt >= 1_000) {
                return answer;
            }
            Thread.onSpinWait();
        }
    }

    /** The function's process (the emulator's child), once the emulator has started it. */
    public Optional<ProcessHandle> runtimeProcess() {
        return process.descendants().filter(ProcessHandle::isAlive).findFirst();
    }

    /** Everything the emulator and the function printed so far. */
    public String output() {
        return log.read();
    }

    /**
     * Waits for a line holding one of {@code texts} from the emulator or the function, which the emulator copies
     * through a pipe of its own: it may come after the invocation's answer. Returns the whole output.
     */
    public String awaitOutput(String... texts) {
        return log.await(texts);
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
