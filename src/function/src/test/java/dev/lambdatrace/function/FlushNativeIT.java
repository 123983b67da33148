package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiver.Behaviour;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.Sandbox;
import io.vertx.core.json.JsonObject;

/**
 * The native executable's flush against collectors that misbehave, over UDP, and in the baseline role.
 */
class FlushNativeIT {

    // The flush timeout these tests set, plus what an invocation costs on a loaded 2-core machine.
    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(300);
    static final long BOUND_NANOS = FLUSH_TIMEOUT.toNanos() + 400_000_000L;

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.PROVIDED_AL2023);

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = { "SILENT", "ERROR" })
    void collectorThatFailsCostsAtMostTheFlushTimeoutAndItsDropsAreCounted(Behaviour behaviour) throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        collector.behave(behaviour);
        assertAnsweredWithinTheBoundAndDropsCounted(collector, "faulty-" + behaviour.name().toLowerCase());
    }

    @Test
    void collectorThatIsDownCostsAtMostTheFlushTimeoutAndItsDropsAreCounted() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        collector.refuseConnections();
        assertAnsweredWithinTheBoundAndDropsCounted(collector, "down");
    }

    @Test
    void collectorThatClosesIdleConnectionsGetsEverySpanAfterLongGaps() throws Exception {
        // given: a collector that closes connections idle for 100 ms, and gaps of 300 ms between invocations
        OtlpReceiver collector = OtlpReceiver.closingIdleConnections(Duration.ofMillis(100));
        try (Sandbox function = start("idle-closing", collector, Map.of())) {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(300);
                String header = HttpApiEvents.sampledTraceHeader();

                // when
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                // then
                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
                String traceId = HttpApiEvents.traceIdOf(header);
                assertTrue(collector.spans().stream().anyMatch(span -> span.traceId().equals(traceId)
                        && span.receivedAtNanos() < invocation.respondedAtNanos()), "invocation " + i);
            }
            assertFalse(function.output().contains("Dropped"), function.output());
            assertTrue(collector.connections() >= 4, "each flush met a closed connection and opened a new one");
        }
    }

    @Test
    void xrayUdpSendsEverySpanToTheDaemonBeforeTheResponse() throws Exception {
        XrayUdpReceiver daemon = XrayUdpReceiver.start(0);
        try (Sandbox function = lambda.start("udp", daemon,
                Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp", "AWS_XRAY_DAEMON_ADDRESS", daemon.address()))) {
            for (int i = 0; i < 5; i++) {
                String header = HttpApiEvents.sampledTraceHeader();
                function.invoke(HttpApiEvents.getRoot(header), header);

                String traceId = HttpApiEvents.traceIdOf(header);
                assertTrue(daemon.spans().stream().anyMatch(span -> span.traceId().equals(traceId)), "invocation " + i);
            }
            assertTrue(daemon.malformed().isEmpty(), daemon.malformed().toString());
            assertEquals("udp", daemon.spans().get(0).resource().get("faas.name"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "QUARKUS_OTEL_SDK_DISABLED", "OTEL_SDK_DISABLED" })
    void baselineCreatesNoSpanAndNeverConnects(String variable) throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("baseline", collector, Map.of(variable, "true"))) {
            for (int i = 0; i < 5; i++) {
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);
                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
            }
            assertEquals(0, collector.connections());
            assertEquals(0, collector.spans().size());
        }
    }

    private static void assertAnsweredWithinTheBoundAndDropsCounted(OtlpReceiver collector, String name)
            throws Exception {
        try (Sandbox function = start(name, collector, Map.of("QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT", FLUSH_TIMEOUT.toMillis() + "ms"))) {
            for (int i = 0; i < 3; i++) {
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
                assertTrue(invocation.responseNanos() < BOUND_NANOS,
                        "invocation " + i + " took " + invocation.responseNanos() / 1_000_000 + " ms");
            }
            // One line when the outage starts, counting its first drop; the count goes on silently.
            function.awaitOutput("Dropped 1 span(s)");
            collector.resume();
            collector.behave(Behaviour.ACKNOWLEDGE);
            String header = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(header), header);
            function.awaitOutput("3 span(s) were dropped while it did not");
        }
    }

    private static Sandbox start(String name, OtlpReceiver collector, Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address());
        return lambda.start(name, collector, env);
    }
}
