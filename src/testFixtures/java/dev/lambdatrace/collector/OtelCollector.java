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
import java.util.concurrent.TimeUnit;

import dev.lambdatrace.tools.LoopbackPorts;
import dev.lambdatrace.tools.ProjectTools;

/**
 * The real OpenTelemetry Collector (built by src/tools/collector/install.sh) as a process on loopback, running a
 * config file as it ships, with its OTLP receiver moved to free ports and its {@code awsxray} exporter pointed at a
 * {@link FakeXray}. What a function's spans became in X-Ray is {@link FakeXray#segments()}; as a {@link SpanSink},
 * a span counts as received when its segment reached X-Ray.
 */
public final class OtelCollector implements SpanSink {

    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    private final List<String> command;
    private final FakeXray xray;
    private final int httpPort;
    private final Path log;
    private Process process;

    private OtelCollector(List<String> command, FakeXray xray, int httpPort, Path log) {
        this.command = command;
        this.xray = xray;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts the collector on {@code config} with {@code settings} on top (the collector's {@code --set}: a key path
     * such as {@code processors::batch::timeout}, and a YAML value), and waits until its OTLP/HTTP port accepts.
     */
    public static OtelCollector start(Path config, FakeXray xray, Map<String, String> settings) {
        int httpPort = LoopbackPorts.free();
        List<String> command = command(config, xray, httpPort, LoopbackPorts.free(), settings);
        try {
            Path log = Files.createTempFile("otelcol-", ".log");
            OtelCollector collector = new OtelCollector(command, xray, httpPort, log);
            collector.launch();
            return collector;
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

    /** The environment the exporter needs with no AWS at hand: dummy credentials, no instance metadata. */
    static Map<String, String> offlineAwsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "dummy-secret",
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
    }

    public FakeXray xray() {
        return xray;
    }

    /** The OTLP/HTTP traces URL. */
    @Override
    public String address() {
        return "http://127.0.0.1:" + httpPort + "/v1/traces";
    }

    @Override
    public List<ReceivedSpan> spans() {
        return xray.segments().stream().map(XraySegment::asReceivedSpan).toList();
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the collector logged so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as when Lambda's sandbox dies under it: nothing is flushed, the ports close. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same ports, after {@link #kill()}. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the collector still runs");
        }
        launch();
    }

    /** Kills the collector: the function's next flushes find nobody. */
    @Override
    public void refuseConnections() {
        kill();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        xray.close();
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(offlineAwsEnvironment());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        LoopbackPorts.awaitListening(process, httpPort, READY_LIMIT, this::output);
    }



}
