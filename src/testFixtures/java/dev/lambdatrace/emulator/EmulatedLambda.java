package dev.lambdatrace.emulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;

/**
 * A JUnit 5 extension that gives a test class the function as one Lambda runtime starts it, in emulated sandboxes
 * with their own Runtime API endpoints: register it as a static field with {@code @RegisterExtension}.
 * <p>
 * One event loop serves every endpoint of the class and is closed after it; a sandbox a test left open is closed
 * after that test.
 */
public final class EmulatedLambda implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private static final Duration INIT_LIMIT = Duration.ofSeconds(30);

    private final LambdaRuntime runtime;
    private final FunctionArtifacts artifacts = FunctionArtifacts.ofBuild();
    private final List<Sandbox> started = new ArrayList<>();
    private Vertx vertx;

    private EmulatedLambda(LambdaRuntime runtime) {
        this.runtime = runtime;
    }

    /** The function on {@code runtime}; a missing artifact fails the tests that start it, never skips them. */
    public static EmulatedLambda on(LambdaRuntime runtime) {
        return new EmulatedLambda(runtime);
    }

    public LambdaRuntime runtime() {
        return runtime;
    }

    public FunctionArtifacts artifacts() {
        return artifacts;
    }

    /** Starts the function with Lambda's environment plus {@code environment}, and waits until its init is over. */
    public Sandbox start(String name, SpanSink sink, Map<String, String> environment) {
        return start(name, sink, environment, endpoint -> {
        });
    }

    /** As above, with a chance to set the endpoint up (say, without an Extensions API) before the process starts. */
    public Sandbox start(String name, SpanSink sink, Map<String, String> environment,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        Sandbox sandbox = launch(name, sink, environment, beforeStart);
        try {
            assertTrue(sandbox.awaitReady(INIT_LIMIT), () -> name + " did not finish init: " + sandbox.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " started", e);
        }
        return sandbox;
    }

    /** Starts the function without waiting for its init: for a test of an init that fails. */
    public Sandbox launch(String name, SpanSink sink, Map<String, String> environment,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        Path log = artifacts.target().resolve("sandboxes").resolve(runtime.shortName()).resolve(name + ".log");
        Sandbox sandbox = Sandbox.start(vertx, name, runtime.command(artifacts, null), environment, sink, false, log,
                beforeStart);
        synchronized (started) {
            started.add(sandbox);
        }
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Sandbox> open;
        synchronized (started) {
            open = List.copyOf(started);
            started.clear();
        }
        // Closing twice is harmless: a sandbox whose process has ended only closes its endpoint and sink again.
        open.forEach(Sandbox::close);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            vertx = null;
        }
    }
}
