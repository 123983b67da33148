package dev.lambdatrace.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lambdatrace.tools.ProjectTools;

/**
 * The real OpenTelemetry Collector (built by src/tools/collector/install.sh), as the tests and the lab run it: a
 * config file as it ships, its OTLP receivers moved to free loopback ports, its {@code awsxray} exporter pointed at a
 * {@link FakeXray}, and the environment it needs with no AWS at hand. What runs it is a {@link CollectorLayer}.
 */
public final class OtelCollector {

    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    /**
     * Starts the collector on its own, outside a sandbox, on {@code config} with {@code settings} on top (the
     * collector's {@code --set}: a key path such as {@code processors::batch::timeout}, and a YAML value), and waits
     * until it is ready.
     */
    public static CollectorLayer start(Path config, FakeXray xray, Map<String, String> settings) {
        try {
            return CollectorLayer.of(config, settings, xray, Files.createTempFile("otelcol-", ".log"))
                    .startAndAwait(READY_LIMIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The collector's command line: {@code config} as it ships, its OTLP receivers on these loopback ports, its
     * {@code awsxray} exporter pointed at {@code xray}, and {@code settings} on top.
     */
    static List<String> command(Path config, FakeXray xray, int httpPort, int grpcPort, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("receivers::otlp::protocols::http::endpoint", "127.0.0.1:" + httpPort);
        all.put("receivers::otlp::protocols::grpc::endpoint", "127.0.0.1:" + grpcPort);
        all.put("exporters::awsxray::endpoint", xray.endpoint());
        all.put("exporters::awsxray::region", "us-east-1");
        all.put("exporters::awsxray::local_mode", "true");
        // Its own metrics would listen on port 8888, shared by every collector on the machine.
        all.put("service::telemetry::metrics::level", "none");
        all.putAll(settings);
        List<String> command = new ArrayList<>(List.of(ProjectTools.collector().toString(),
                "--config=" + config.toAbsolutePath()));
        all.forEach((key, value) -> command.add("--set=" + key + "=" + value));
        return command;
    }

    /** The config that function.zip ships for the ADOT collector layer: OTLP in, awsxray out, no processors. */
    public static Path shippedConfig() {
        return ProjectTools.repositoryRoot().resolve("deploy/collector.yaml");
    }

    /** The collector with the batch processor before the exporter: its receiver answers before X-Ray has. */
    public static Map<String, String> withBatchProcessor() {
        return Map.of("processors::batch::timeout", "200ms", "service::pipelines::traces::processors", "[batch]");
    }

    /**
     * The shipped config's traces pipeline, plus metrics and logs pipelines, each also forwarded over OTLP/HTTP to
     * {@code sink}: a test sees what the collector received of every signal.
     */
    public static Map<String, String> forwardingEverySignalTo(OtlpReceiver sink) {
        // No sending queue: the receiver answers once the sink has, so what the function flushed is there when it has.
        return Map.of("exporters::otlphttp::endpoint", sink.endpoint(),
                "exporters::otlphttp::sending_queue::enabled", "false",
                "exporters::otlphttp::compression", "none",
                "service::pipelines::traces::exporters", "[awsxray,otlphttp]",
                "service::pipelines::metrics::receivers", "[otlp]",
                "service::pipelines::metrics::exporters", "[otlphttp]",
                "service::pipelines::logs::receivers", "[otlp]",
                "service::pipelines::logs::exporters", "[otlphttp]");
    }

    /** The environment the exporter needs with no AWS at hand: dummy credentials, no instance metadata. */
    static Map<String, String> offlineAwsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "dummy-secret",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
    }

    private OtelCollector() {
    }
}
