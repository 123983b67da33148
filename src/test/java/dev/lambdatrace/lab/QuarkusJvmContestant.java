package dev.lambdatrace.lab;

import java.io.File;
import java.util.List;
import java.util.Optional;

/**
 * The project's jar as a JVM Lambda runs it: AWS's runtime interface client with the project's stream handler.
 */
final class QuarkusJvmContestant extends ProjectContestant {

    // Quarkus' stream handler, plus the flush extension's registration before Quarkus starts (see the class).
    static final String HANDLER = "dev.lambdatrace.function.LambdaStreamHandler::handleRequest";

    QuarkusJvmContestant(String name, TracingRole role) {
        super(name, role);
    }

    @Override
    String form() {
        return "JVM";
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
        return runtimeClientCommand(
                paths.runnerJar().orElseThrow() + File.pathSeparator + paths.runtimeClientClasspath().orElseThrow(),
                HANDLER);
    }
}
