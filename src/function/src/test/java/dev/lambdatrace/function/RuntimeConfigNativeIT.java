package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.Sandbox;

/**
 * Configuration is read when the executable starts, not frozen into it at build time: the same executable honours
 * whatever environment it is started with.
 */
class RuntimeConfigNativeIT {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.PROVIDED_AL2023);

    @Test
    void standardVariablesChooseTheEndpointHeadersServiceNameAndResource() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        Map<String, String> env = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=acme",
                "OTEL_SERVICE_NAME", "checkout",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=staging",
                "AWS_REGION", "ap-southeast-2",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");

        ReceivedSpan span = invokeOnce("standard", collector, env);

        assertEquals("acme", collector.lastHeaders().get("x-tenant"));
        assertEquals("checkout", span.resource().get("service.name"));
        assertEquals("staging", span.resource().get("deployment.environment.name"));
        assertEquals("ap-southeast-2", span.resource().get("cloud.region"));
        assertEquals(1024L * 1024 * 1024, span.resource().get("faas.max_memory"));
    }

    @Test
    void flushTimeoutIsTheOneTheProcessWasStartedWith() throws Exception {
        long[] took = new long[2];
        int i = 0;
        for (String timeout : List.of("150ms", "600ms")) {
            // A sandbox closes its sink when it ends: one silent collector each.
            OtlpReceiver collector = OtlpReceiver.start(0);
            collector.behave(OtlpReceiver.Behaviour.SILENT);
            try (Sandbox function = start("timeout-" + timeout, collector, Map.of(
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address(), "QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT", timeout))) {
                String header = HttpApiEvents.sampledTraceHeader();
                took[i++] = function.invoke(HttpApiEvents.getRoot(header), header).responseNanos() / 1_000_000;
            }
        }

        assertTrue(took[0] >= 140 && took[0] < 500, "150ms flush timeout: " + took[0] + " ms");
        assertTrue(took[1] >= 590 && took[1] < 1_000, "600ms flush timeout: " + took[1] + " ms");
    }

    @Test
    void exporterIsChosenAtStart() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("logging", collector, Map.of(
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address(), "QUARKUS_LAMBDA_TRACING_EXPORTER", "logging"))) {
            String header = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(header), header);

            assertEquals(0, collector.connections());
            function.awaitOutput(HttpApiEvents.traceIdOf(header));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OTEL_EXPORTER_OTLP_PROTOCOL|http/json",
            "OTEL_EXPORTER_OTLP_ENDPOINT|https://collector.example.com:4318",
            "OTEL_EXPORTER_OTLP_HEADERS|novalue",
            "OTEL_RESOURCE_ATTRIBUTES|=x",
            "AWS_XRAY_DAEMON_ADDRESS|nonsense",
            "AWS_XRAY_DAEMON_ADDRESS|''",
            "QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT|0s",
            "OTEL_EXPORTER_OTLP_COMPRESSION|zstd",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS|Host=elsewhere"
    })
    void valueTheFunctionCannotHonourStopsItAtStartNamingTheVariable(String variable, String value)
            throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        Map<String, String> env = new HashMap<>(Map.of(variable, value));
        if (variable.equals("AWS_XRAY_DAEMON_ADDRESS")) {
            env.put("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp");
        }
        try (Sandbox function = lambda.launch("bad-" + variable.toLowerCase(), collector, env, endpoint -> {
        })) {
            Integer exit = function.exitCode(Duration.ofSeconds(10));

            assertNotNull(exit, "still running with " + variable + "=" + value);
            assertNotEquals(0, exit);
            function.awaitOutput(variable);
        }
    }

    private static ReceivedSpan invokeOnce(String name, OtlpReceiver collector, Map<String, String> env)
            throws Exception {
        try (Sandbox function = start(name, collector, env)) {
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);
            assertFalse(invocation.error(), invocation.body());
            List<ReceivedSpan> spans = collector.spans();
            assertEquals(1, spans.size(), function.output());
            return spans.get(0);
        }
    }

    private static Sandbox start(String name, OtlpReceiver collector, Map<String, String> env) {
        return lambda.start(name, collector, env);
    }
}
