package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator.Answer;
import dev.lambdatrace.tools.BusyCores;
import io.vertx.core.json.JsonObject;

/**
 * The function under AWS's own Runtime API, the Runtime Interface Emulator that {@code sam local} runs, with the real
 * collector exporting to a fake X-Ray. Run on the packaged jar and on the native executable.
 */
abstract class RuntimeInterfaceEmulatorContract {

    static final Duration INVOKE_LIMIT = Duration.ofSeconds(30);
    // The emulator sends no trace header (its issue #109); the event's own header is not used for the parent.
    static final String UNUSED_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    abstract LambdaRuntime runtime();

    @Test
    void httpApiEventThroughTheEmulatorGets200AndItsSpanIsAtXrayBeforeTheAnswer() {
        try (CollectorLayer collector = collector(Duration.ZERO);
                RuntimeInterfaceEmulator rie = start("rie-invoke", tracedBy(collector))) {
            // when
            Answer answer = rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);

            // then
            assertEquals(200, answer.status(), rie.output());
            assertEquals(200, new JsonObject(answer.body()).getInteger("statusCode"), answer.body());
            List<XraySegment> segments = collector.xray().segments();
            assertEquals(1, segments.size(), rie.output() + collector.output());
            assertTrue(segments.get(0).receivedAtNanos() < answer.answeredAtNanos(), "at X-Ray before the answer");
            assertEquals(200, segments.get(0).httpResponseStatus());
        }
    }

    /**
     * The emulator answers the caller only once every extension has called {@code next}, so here, unlike on Lambda,
     * the caller's latency includes the after-response flush: X-Ray's 300 ms is in it.
     */
    @Test
    void afterResponseRegistersItsInternalExtensionAndFlushesBeforeItsNext() {
        Duration xrayDelay = Duration.ofMillis(300);
        try (CollectorLayer collector = collector(xrayDelay);
                RuntimeInterfaceEmulator rie = start("rie-after", withEntries(tracedBy(collector),
                        "QUARKUS_LAMBDA_TRACING_FLUSH", "after-response"))) {
            Answer answer = rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);

            assertEquals(200, answer.status(), rie.output());
            assertFalse(rie.output().contains("could not register"), rie.output());
            List<XraySegment> segments = collector.xray().segments();
            assertEquals(1, segments.size(), rie.output());
            assertTrue(segments.get(0).receivedAtNanos() < answer.answeredAtNanos(), "flushed before its next");
            assertTrue(answer.latencyNanos() >= xrayDelay.toNanos(),
                    "the emulator waited for the extension: " + answer.latencyNanos() / 1_000_000 + " ms");
        }
    }

    /**
     * The function's timeout in the busy-machine test: 1 s for the executable, whose flush then leaves the floor of
     * the margin, 200 ms; 3 s for the jar, whose first invocation starts Quarkus (and 300 ms of margin).
     */
    private Duration busyTimeout() {
        return runtime() == LambdaRuntime.JAVA ? Duration.ofSeconds(3) : Duration.ofSeconds(1);
    }

    // Each waits out the flush: fewer on the jar, whose function times out after 3 s.
    private int busyInvocations() {
        return runtime() == LambdaRuntime.JAVA ? 8 : 20;
    }

    /**
     * The flush gives up a share of the budget before the deadline (a tenth, at least 200 ms), so the answer is
     * posted in time even while another process keeps every core busy. Prints how long the answer took after the
     * flush gave up: what the margin must cover.
     */
    @Test
    void silentCollectorNeverMakesTheFunctionTimeOutEvenOnABusyMachine() {
        Duration timeout = busyTimeout();
        Duration givesUpAfter = timeout.minus(Duration.ofMillis(Math.max(200, timeout.toMillis() / 10)));
        // given: a function that has started (the jar starts Quarkus within its first invocation, which on a busy
        // machine alone can take the 3 s, tracing or not), then a collector that takes every export and never
        // answers, a flush timeout longer than the function's, and every core kept busy by another process
        OtlpReceiver silent = OtlpReceiver.start(0);
        List<Long> afterGivingUpMillis = new ArrayList<>();
        try (silent; RuntimeInterfaceEmulator rie = start("rie-silent-" + runtime().shortName(), Map.of(
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", silent.address(), "QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT", "10s",
                "AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(timeout.toSeconds())));
                BusyCores busy = startedThenBusy(rie, silent)) {
            for (int i = 0; i < busyInvocations(); i++) {
                // when
                Answer answer = rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);

                // then
                assertEquals(200, answer.status(), rie.output());
                assertFalse(answer.body().contains("Task timed out"), "invocation " + i + ": " + answer.body());
                assertEquals(200, new JsonObject(answer.body()).getInteger("statusCode"), answer.body());
                afterGivingUpMillis.add(answer.latencyNanos() / 1_000_000 - givesUpAfter.toMillis());
            }
            assertFalse(rie.output().contains("Task timed out"), rie.output());
            assertEquals(Runtime.getRuntime().availableProcessors(), busy.loops(), "the cores were busy throughout");
            assertTrue(silent.exports() >= 1, "the function did try the collector");
        }
        Collections.sort(afterGivingUpMillis);
        System.out.printf("%s, silent collector, every core busy: %d invocations of a %d s function answered, "
                + "%d ms (median) and %d ms (most) after the flush gave up at %d ms; the margin is %d ms%n",
                runtime(), busyInvocations(), timeout.toSeconds(),
                afterGivingUpMillis.get(afterGivingUpMillis.size() / 2),
                afterGivingUpMillis.get(afterGivingUpMillis.size() - 1), givesUpAfter.toMillis(),
                timeout.minus(givesUpAfter).toMillis());
    }

    private static BusyCores startedThenBusy(RuntimeInterfaceEmulator rie, OtlpReceiver collector) {
        Answer first = rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);
        assertEquals(200, new JsonObject(first.body()).getInteger("statusCode"), first.body());
        collector.behave(OtlpReceiver.Behaviour.SILENT);
        return BusyCores.forAtMost(Duration.ofMinutes(5));
    }

    @Test
    void withoutATraceHeaderEachInvocationStartsATraceOfItsOwn() {
        try (CollectorLayer collector = collector(Duration.ZERO);
                RuntimeInterfaceEmulator rie = start("rie-no-header", tracedBy(collector))) {
            rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);
            rie.invoke(HttpApiEvents.getRoot(UNUSED_HEADER), INVOKE_LIMIT);

            List<XraySegment> segments = collector.xray().segments();
            assertEquals(2, segments.size(), rie.output());
            assertNotEquals(segments.get(0).traceId(), segments.get(1).traceId());
            for (XraySegment segment : segments) {
                assertNull(segment.parentId(), segment.document().encode());
                assertNotEquals("1-5759e988-bd862e3fe1be46a994272793", segment.traceId(), "not the event's header");
            }
        }
    }

    private RuntimeInterfaceEmulator start(String name, Map<String, String> environment) {
        return RuntimeInterfaceEmulator.start(runtime(), FunctionArtifacts.ofBuild(), name, environment);
    }

    private static CollectorLayer collector(Duration xrayDelay) {
        return OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start().delay(xrayDelay), Map.of());
    }

    private static Map<String, String> tracedBy(CollectorLayer collector) {
        return Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address());
    }

    private static Map<String, String> withEntries(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
