package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.lambdatrace.tools.ProjectTools;

/**
 * The collector configs the deploy kit ships load in a real OpenTelemetry Collector with the ADOT layer's components
 * ({@code otelcol validate}, which also builds every pipeline).
 */
class CollectorConfigTest {

    static final Path DEPLOY = ProjectTools.repositoryRoot().resolve("deploy");

    @TempDir
    Path directory;

    @Test
    void shippedConfigLoadsInTheRealCollector() throws Exception {
        Validation validation = validate(DEPLOY.resolve("collector.yaml"));

        assertEquals(0, validation.exitCode(), validation.output());
    }

    /**
     * The upstream layer's {@code decouple} processor is not a module a collector build can take in: it exists only
     * inside the upstream Lambda collector (relative replace, no tags, its lifecycle manager). So the rest of that
     * config is validated, with {@code decouple} left out of it.
     */
    @Test
    void upstreamLayerConfigLoadsWithoutItsDecoupleProcessor() throws Exception {
        // given
        Map<String, Object> config = new Yaml().load(Files.readString(DEPLOY.resolve("collector-decouple.yaml")));
        withoutDecouple(config);
        Path withoutDecouple = Files.writeString(directory.resolve("collector-without-decouple.yaml"),
                new Yaml().dump(config));

        // when
        Validation validation = validate(withoutDecouple);

        // then
        assertEquals(0, validation.exitCode(), validation.output());
    }

    @Test
    void aConfigWithAnUnknownComponentIsRefused() throws Exception {
        Path broken = Files.writeString(directory.resolve("broken.yaml"), Files.readString(DEPLOY.resolve("collector.yaml"))
                .replace("awsxray:", "awsxray:\n  nonsense_setting: 1"));

        Validation validation = validate(broken);

        assertTrue(validation.exitCode() != 0, "the collector took a setting it does not know: " + validation.output());
        assertTrue(validation.output().contains("nonsense_setting"), validation.output());
    }

    @SuppressWarnings("unchecked")
    static void withoutDecouple(Map<String, Object> config) {
        ((Map<String, Object>) config.get("processors")).remove("decouple");
        Map<String, Object> pipelines = (Map<String, Object>) ((Map<String, Object>) config.get("service")).get("pipelines");
        for (Object pipeline : pipelines.values()) {
            List<String> processors = new ArrayList<>((List<String>) ((Map<String, Object>) pipeline).get("processors"));
            processors.remove("decouple");
            ((Map<String, Object>) pipeline).put("processors", processors);
        }
    }

    record Validation(int exitCode, String output) {
    }

    /** {@code otelcol validate}, in the environment Lambda gives a layer (a region, no instance metadata). */
    static Validation validate(Path config) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ProjectTools.collector().toString(), "validate",
                "--config=" + config.toAbsolutePath()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true",
                "OTLP_BACKEND_ENDPOINT", "http://127.0.0.1:4318"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "validate did not finish: " + output);
        return new Validation(process.exitValue(), output);
    }
}
