package dev.lambdatrace.lab;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's jar as a JVM Lambda runs it: AWS's runtime interface client with the Quarkus stream handler.
 */
final class QuarkusJvmContestant extends Contestant {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final boolean traced;

    QuarkusJvmContestant(String name, boolean traced) {
        super(name);
        this.traced = traced;
    }

    @Override
    String description() {
        return traced ? "this project, JVM, tracing on (OTLP to the sink, flush per invocation)"
                : "this project, JVM, QUARKUS_OTEL_SDK_DISABLED=true";
    }

    @Override
    Optional<String> unavailableReason(LabPaths paths) {
        if (paths.runnerJar().isEmpty()) {
            return Optional.of("no target/*-runner.jar: run ./mvnw package first");
        }
        if (paths.runtimeClientClasspath().isEmpty()) {
            return Optional.of("no target/lab/runtime-client.classpath: run ./mvnw package first");
        }
        return Optional.empty();
    }

    @Override
    List<String> command(LabPaths paths) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(lambdaJvmOptions());
        command.add("-cp");
        command.add(paths.runnerJar().orElseThrow() + File.pathSeparator + paths.runtimeClientClasspath().orElseThrow());
        command.add(RUNTIME_CLIENT_MAIN);
        command.add(HANDLER);
        return command;
    }

    @Override
    boolean traced() {
        return traced;
    }

    @Override
    Map<String, String> tracingEnvironment(String collectorEndpoint) {
        if (!traced) {
            return Map.of("QUARKUS_OTEL_SDK_DISABLED", "true");
        }
        return Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collectorEndpoint + "/v1/traces");
    }
}
