package dev.lambdatrace.lab;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import dev.lambdatrace.collector.SpanSink;
import io.vertx.core.Vertx;

/**
 * The packaged jar as AWS's java runtimes run it, AWS's runtime interface client with the Quarkus stream handler,
 * started in a {@link Sandbox}.
 */
public final class JvmFunction {

    /** Starts the jar with Lambda's environment plus {@code environment}; its output goes to target/jvm-it. */
    public static Sandbox start(Vertx vertx, String name, SpanSink sink, Map<String, String> environment,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        LabPaths paths = LabPaths.of(Path.of("target"));
        String classpath = paths.runnerJar().orElseThrow(() -> new IllegalStateException(
                "no target/*-runner.jar: ./mvnw package builds it")) + File.pathSeparator
                + paths.runtimeClientClasspath().orElseThrow();
        return Sandbox.start(vertx, name, Contestant.runtimeClientCommand(classpath, QuarkusJvmContestant.HANDLER),
                environment, sink, false, Path.of("target", "jvm-it", name + ".log"), beforeStart);
    }

    private JvmFunction() {
    }
}
