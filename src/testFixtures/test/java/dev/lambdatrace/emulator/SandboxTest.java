package dev.lambdatrace.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lambdatrace.collector.OtlpReceiver;
import io.vertx.core.Vertx;

/**
 * A real (tiny) runtime process in a sandbox: it is stopped while idle and running while it has an event.
 */
class SandboxTest {


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
    void idleSandboxIsStoppedAndEachEventFindsItRunning() throws Exception {
        // given
        try (Sandbox sandbox = Sandbox.start(vertx, "tiny",
                ScriptedRuntime.command(directory, Duration.ofMillis(50)), Map.of(),
                OtlpReceiver.start(0), true, directory.resolve("tiny.log"))) {
            assertTrue(sandbox.awaitReady(Duration.ofSeconds(20)), sandbox.output());

            for (int i = 0; i < 3; i++) {
                // then: stopped while idle
                assertTrue(sandbox.frozen());
                assertEquals('T', awaitState(sandbox.pid(), 'T'), "stopped between invocations");

                // when
                Invocation invocation = sandbox.invoke("{}", HttpApiEvents.sampledTraceHeader());

                // then: it ran to answer, which a stopped process cannot
                assertFalse(invocation.error(), invocation.body());
                assertTrue(invocation.responseNanos() >= 50_000_000L, "the runtime's own 50 ms ran");
            }
            assertEquals(4, sandbox.freezes(), "once after init, once after each invocation");
        }
    }

    @Test
    void withoutFreezingTheIdleSandboxKeepsRunning() throws Exception {
        try (Sandbox sandbox = Sandbox.start(vertx, "tiny",
                ScriptedRuntime.command(directory, Duration.ofMillis(50)), Map.of(),
                OtlpReceiver.start(0), false, directory.resolve("tiny.log"))) {
            assertTrue(sandbox.awaitReady(Duration.ofSeconds(20)), sandbox.output());

            sandbox.invoke("{}", HttpApiEvents.sampledTraceHeader());

            assertFalse(sandbox.frozen());
            assertTrue(processState(sandbox.pid()) != 'T');
            assertEquals(0, sandbox.freezes());
        }
    }

    /** Polls briefly: the kernel stops the process as soon as it next runs, not within the kill call. */
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
}
