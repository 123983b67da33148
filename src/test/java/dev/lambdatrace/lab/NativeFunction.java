package dev.lambdatrace.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;

/**
 * The native executable the build made, started in a {@link Sandbox} as {@code provided.al2023} starts
 * {@code bootstrap}: no arguments, Lambda's environment, Quarkus' own poll loop.
 */
public final class NativeFunction {

    /** The executable; a missing one fails the test that needs it, never skips it. */
    public static Path executable() {
        String configured = System.getProperty("native.image.path");
        Path path = configured != null ? Path.of(configured)
                : LabPaths.of(Path.of("target")).nativeRunner().orElse(Path.of("target/missing-runner"));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("No native executable at " + path.toAbsolutePath()
                    + ": build it with ./mvnw verify -Dnative (see README, 'Build the native zip').");
        }
        return path;
    }

    /** Starts the executable with Lambda's environment plus {@code environment}; its output goes to target/native-it. */
    public static Sandbox start(Vertx vertx, String name, SpanSink sink, Map<String, String> environment) {
        return start(vertx, name, sink, environment, endpoint -> {
        });
    }

    /** As above, with a chance to set the endpoint up before the executable starts. */
    public static Sandbox start(Vertx vertx, String name, SpanSink sink, Map<String, String> environment,
            java.util.function.Consumer<RuntimeApiEndpoint> beforeStart) {
        return Sandbox.start(vertx, name, List.of(executable().toString()), environment, sink, false,
                Path.of("target", "native-it", name + ".log"), beforeStart);
    }

    private NativeFunction() {
    }
}
