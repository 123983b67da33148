package dev.lambdatrace.lab;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.collector.SpanSink;

/**
 * The project's jar as a JVM Lambda runs it: AWS's runtime interface client with the Quarkus stream handler.
 */
final class QuarkusJvmContestant extends Contestant {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final TracingRole role;

    QuarkusJvmContestant(String name, TracingRole role) {
        super(name);
        this.role = role;
    }

    @Override
    String description() {
        return "this project, JVM, " + role.description;
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
        return role.traced();
    }

    @Override
    SpanSink createSink(LabSettings settings) {
        return role.createSink(settings);
    }

    @Override
    Map<String, String> tracingEnvironment(String sinkAddress) {
        return role.environment(sinkAddress);
    }
}
