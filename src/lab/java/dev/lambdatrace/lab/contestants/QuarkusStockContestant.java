package dev.lambdatrace.lab.contestants;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.lab.LabPaths;

/**
 * What the Quarkus guides recommend for Lambda today: the same route on Quarkus' Lambda HTTP extension,
 * {@code quarkus-opentelemetry} with its own OTLP exporter and {@code quarkus.otel.simple=true}, and no flush of
 * ours. Built by {@code src/lab/stock}, JVM mode. Its export runs on Vert.x after the response, so under freezing
 * its spans are late or lost: the problem this project solves.
 */
public final class QuarkusStockContestant extends Contestant {

    public QuarkusStockContestant(String name) {
        super(name);
    }

    @Override
    public String description() {
        return "stock Quarkus: quarkus-opentelemetry with its own OTLP exporter, quarkus.otel.simple=true, no flush";
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        if (paths.stockRunnerJar().isEmpty()) {
            return Optional.of("no target/lab/stock-build/*-runner.jar: the lab profile builds it (./mvnw -Plab verify)");
        }
        return runtimeClientMissing(paths);
    }

    @Override
    public List<String> command(LabPaths paths) {
        return javaRuntimeCommand(paths.stockRunnerJar().orElseThrow() + File.pathSeparator
                + paths.function().runtimeClientClasspath().orElseThrow(),
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
    }

    @Override
    public boolean traced() {
        return true;
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        // Quarkus takes a base URL here and appends /v1/traces itself.
        String base = sinkAddress.endsWith(OtlpReceiver.HTTP_PATH)
                ? sinkAddress.substring(0, sinkAddress.length() - OtlpReceiver.HTTP_PATH.length()) : sinkAddress;
        return Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", base);
    }
}
