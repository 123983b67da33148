package dev.lambdatrace.lab.contestants;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.lambdatrace.lab.LabPaths;

/**
 * The same trivial handler in plain Java, wrapped the way the OpenTelemetry Java wrapper layer wraps functions: the
 * upstream aws-lambda instrumentation's wrapper as the handler, the OTel SDK with its own OTLP exporter, and a
 * blocking flush after every invocation. Built by {@code src/lab/peer}, on a classpath of its own.
 */
public final class UpstreamPeerContestant extends Contestant {

    public static final String WRAPPER = "io.opentelemetry.instrumentation.awslambdaevents.v2_2.TracingRequestWrapper::handleRequest";
    public static final String PEER_HANDLER = "dev.lambdatrace.peer.HelloHandler::handleRequest";

    public UpstreamPeerContestant(String name) {
        super(name);
    }

    @Override
    public String description() {
        return "plain Java handler in the upstream OTel aws-lambda wrapper, OTLP http/protobuf to the sink";
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        if (paths.peerClasspath().isEmpty()) {
            return Optional.of("no target/lab/peer.classpath: the lab profile builds it (./mvnw -Plab verify)");
        }
        return runtimeClientMissing(paths);
    }

    @Override
    public List<String> command(LabPaths paths) {
        return javaRuntimeCommand(paths.peerClasspath().orElseThrow(), WRAPPER);
    }

    @Override
    public boolean traced() {
        return true;
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        return Map.of(
                "OTEL_INSTRUMENTATION_AWS_LAMBDA_HANDLER", PEER_HANDLER,
                "OTEL_SERVICE_NAME", name(),
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sinkAddress,
                // Parent from the Lambda X-Ray header, like ours, so its spans land in the traces the lab sent.
                "OTEL_PROPAGATORS", "tracecontext,baggage,xray-lambda",
                "OTEL_INSTRUMENTATION_AWS_LAMBDA_FLUSH_TIMEOUT", "1000");
    }
}
