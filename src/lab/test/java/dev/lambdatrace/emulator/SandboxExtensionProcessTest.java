package dev.lambdatrace.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lambdatrace.collector.OtlpReceiver;
import io.vertx.core.Vertx;

/**
 * A process beside the function in its sandbox, as a collector layer runs: init waits for it, it is frozen and thawed
 * with the function, and it ends after the function.
 */
class SandboxExtensionProcessTest {


    @TempDir
    Path directory;
    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void initIsNotOverUntilTheProcessBesideTheFunctionIsReady() throws Exception {
        // given: a process that takes 400 ms to be ready, beside a runtime that asks for its first event at once
        ScriptedProcess beside = new ScriptedProcess("sleep 0.4; echo ready; exec sleep 60");

        // when
        try (Sandbox sandbox = start(beside, true)) {
            assertTrue(sandbox.awaitReady(Duration.ofSeconds(20)), sandbox.output());

            // then: init ends when the later of the two is ready
            assertTrue(sandbox.initMs() >= 400, "init ended after " + sandbox.initMs() + " ms");
            assertTrue(sandbox.endpoint().initDoneAtNanos() >= beside.readyAtNanos, "init ended before the process "
                    + "beside the function was ready");
            assertTrue(sandbox.endpoint().initDoneAtNanos() >= sandbox.endpoint().firstNextAtNanos());
        }
    }

    @Test
    void idleSandboxStopsTheProcessBesideTheFunctionTooAndEachEventFindsBothRunning() throws Exception {
        // given
        ScriptedProcess beside = new ScriptedProcess("echo ready; exec sleep 60");
        try (Sandbox sandbox = start(beside, true)) {
            assertTrue(sandbox.awaitReady(Duration.ofSeconds(20)), sandbox.output());

            for (int i = 0; i < 3; i++) {
                // then: both stopped while idle
                assertEquals('T', awaitState(sandbox.pid(), 'T'), "the function is stopped between invocations");
                assertEquals('T', awaitState(beside.pid(), 'T'), "the process beside it is stopped too");

                // when
                sandbox.endpoint().invoke("{}", HttpApiEvents.sampledTraceHeader()).thenRun(() -> {
                }).get(20, TimeUnit.SECONDS);
            }
            assertEquals(4, sandbox.freezes(), "once after init, once after each invocation");
        }
        assertFalse(beside.alive(), "the process beside the function ends with the sandbox");
    }

    @Test
    void processBesideTheFunctionThatDiesBeforeItIsReadyFailsTheInitSayingWhy() throws Exception {
        // given
        ScriptedProcess beside = new ScriptedProcess("echo cannot bind its port; exit 3");

        // when
        try (Sandbox sandbox = start(beside, false)) {
            boolean ready = sandbox.awaitReady(Duration.ofSeconds(20));

            // then
            assertFalse(ready, "init cannot end without the process beside the function");
            assertTrue(sandbox.besideFailure().orElseThrow().contains("cannot bind its port"),
                    sandbox.besideFailure().toString());
        }
    }

    private Sandbox start(ExtensionProcess beside, boolean freeze) throws IOException {
        return Sandbox.start(vertx, "tiny", ScriptedRuntime.command(directory, Duration.ZERO), Map.of(),
                OtlpReceiver.start(0), freeze, directory.resolve("tiny.log"), endpoint -> {
                }, List.of(beside));
    }

    /** Polls briefly: the kernel stops a process as soon as it next runs, not within the kill call. */
    static char awaitState(long pid, char wanted) throws Exception {
        char state = processState(pid);
        for (int i = 0; i < 100 && state != wanted; i++) {
            Thread.sleep(10);
            state = processState(pid);
        }
        return state;
    }

    /** The state letter of /proc/PID/stat: R running, S sleeping, T stopped. */
    static char processState(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** A shell script as the process beside the function: ready once it prints "ready". */
    static final class ScriptedProcess implements ExtensionProcess {

        private final String script;
        private Process process;
        volatile long readyAtNanos;

        ScriptedProcess(String script) {
            this.script = script;
        }

        @Override
        public List<String> command() {
            return List.of("bash", "-c", script);
        }

        @Override
        public CompletableFuture<Void> start() {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            try {
                process = new ProcessBuilder(command()).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread reader = new Thread(() -> {
                StringBuilder output = new StringBuilder();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        output.append(line).append('\n');
                        if (line.equals("ready")) {
                            readyAtNanos = System.nanoTime();
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("ended before it was ready: " + output));
            });
            reader.setDaemon(true);
            reader.start();
            return ready;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        @Override
        public void terminate(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
