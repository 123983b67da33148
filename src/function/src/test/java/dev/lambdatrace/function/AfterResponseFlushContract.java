package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.OtlpReceiver.Behaviour;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.Sandbox;
import io.vertx.core.json.JsonObject;

/**
 * {@code quarkus.lambda-tracing.flush=after-response} against the lab's Runtime and Extensions API: the response goes first, the
 * spans follow before the sandbox may freeze, and a collector that misbehaves delays only the extension's
 * {@code next}, within the bound. Run on the JVM jar and on the native executable.
 */
abstract class AfterResponseFlushContract {

    // The sink answers after this, like the ADOT layer exporting to X-Ray before it acknowledges.
    // Long enough that a response that waited for it cannot pass for one that did not, on a loaded 2-core machine.
    static final Duration SINK_DELAY = Duration.ofMillis(250);
    static final Duration FLUSH_TIMEOUT = Duration.ofMillis(1_000);
    // What an invocation may cost beyond its bound when the machine is busy.
    static final long MARGIN_NANOS = 1_500_000_000L;


    /** The function on the runtime this run of the contract is about. */
    abstract EmulatedLambda lambda();

    @Test
    void responseReachesTheCallerBeforeTheSpansAndTheSpansReachTheSinkBeforeTheFreeze() throws Exception {
        // given
        OtlpReceiver sink = OtlpReceiver.start(0);
        sink.behave(Behaviour.DELAY);
        sink.delay(SINK_DELAY);
        try (Sandbox function = started("after", sink, Map.of(), endpoint -> {
        })) {
            // The name Lambda lists among the function's extensions (in its INIT report, for one).
            assertEquals(List.of("quarkus-lambda-tracing"), function.endpoint().extensionNames(), function.output());
            // The cold start: on the java runtimes the first invocation also starts Quarkus.
            String first = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(first), first);
            for (int i = 0; i < 8; i++) {
                // when
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                // then
                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
                // The flush starts as the root span ends, beside the runtime posting the response, so the request
                // may reach the sink first; what matters is that the response never waits for the sink's answer.
                ReceivedSpan span = spanOf(sink, header);
                assertTrue(invocation.responseNanos() < SINK_DELAY.toNanos(),
                        "invocation " + i + ": the caller waited " + invocation.responseNanos() / 1_000_000 + " ms");
                assertTrue(invocation.respondedAtNanos() < span.receivedAtNanos() + SINK_DELAY.toNanos(),
                        "invocation " + i + ": the response came after the sink had answered");
                assertTrue(span.receivedAtNanos() < invocation.doneAtNanos(),
                        "invocation " + i + ": the sandbox could freeze before its span arrived");
                assertTrue(invocation.doneNanos() >= SINK_DELAY.toNanos(), "done before the sink answered");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = { "SILENT", "ERROR" })
    void collectorThatMisbehavesDelaysOnlyTheExtensionsNextWithinTheBound(Behaviour behaviour) throws Exception {
        OtlpReceiver sink = OtlpReceiver.start(0);
        sink.behave(behaviour);
        try (Sandbox function = started("after-" + behaviour.name().toLowerCase(), sink, Map.of(), endpoint -> {
        })) {
            // On the java runtimes the first invocation also starts Quarkus.
            String first = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(first), first);
            for (int i = 0; i < 3; i++) {
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
                assertTrue(invocation.responseNanos() < FLUSH_TIMEOUT.toNanos(),
                        "the caller waited " + invocation.responseNanos() / 1_000_000 + " ms");
                assertTrue(invocation.doneNanos() < FLUSH_TIMEOUT.toNanos() + MARGIN_NANOS,
                        "next came " + invocation.doneNanos() / 1_000_000 + " ms after the event");
            }
            function.awaitOutput("Dropped 1 span(s)");
        }
    }

    @Test
    void rootSpanThatStartsAfterTheGraceIsFlushedBeforeItsResponseAndLogged() throws Exception {
        // given: a warm function whose next event reaches its handler 1.5 s after the extension's INVOKE
        OtlpReceiver sink = OtlpReceiver.start(0);
        try (Sandbox function = started("after-late", sink, Map.of(), endpoint -> {
        })) {
            String first = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(first), first);
            function.endpoint().delayEventsToTheRuntime(Duration.ofMillis(1_500));

            // when
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

            // then: the extension stopped waiting after its 1 s grace, so the span left before the response
            assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
            assertTrue(spanOf(sink, header).receivedAtNanos() < invocation.respondedAtNanos(),
                    "the late root span was left behind");
            function.awaitOutput("started more than 1000 ms after Lambda's INVOKE event");
        }
    }

    @Test
    void collectorThatIsDownDelaysNothingAndItsDropsAreCounted() throws Exception {
        OtlpReceiver sink = OtlpReceiver.start(0);
        sink.refuseConnections();
        try (Sandbox function = started("after-down", sink, Map.of(), endpoint -> {
        })) {
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

            assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"));
            assertTrue(invocation.doneNanos() < FLUSH_TIMEOUT.toNanos() + MARGIN_NANOS);
            function.awaitOutput("Dropped 1 span(s)");
        }
    }

    @Test
    void withoutAnExtensionsApiItSaysSoOnceAndFlushesBeforeEachResponse() throws Exception {
        OtlpReceiver sink = OtlpReceiver.start(0);
        sink.behave(Behaviour.DELAY);
        sink.delay(SINK_DELAY);
        try (Sandbox function = started("after-refused", sink, Map.of(), RuntimeApiEndpoint::withoutExtensionsApi)) {
            for (int i = 0; i < 5; i++) {
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                assertTrue(spanOf(sink, header).receivedAtNanos() < invocation.respondedAtNanos(),
                        "invocation " + i + ": not flushed before the response");
            }
            String output = function.awaitOutput("could not register");
            assertEquals(output.indexOf("could not register"), output.lastIndexOf("could not register"), "once");
        }
    }

    private Sandbox started(String name, OtlpReceiver sink, Map<String, String> extra,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sink.address());
        environment.put("QUARKUS_LAMBDA_TRACING_FLUSH", "after-response");
        environment.put("QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT", FLUSH_TIMEOUT.toMillis() + "ms");
        return lambda().start(name, sink, environment, beforeStart);
    }

    private static ReceivedSpan spanOf(OtlpReceiver sink, String header) {
        String traceId = HttpApiEvents.traceIdOf(header);
        List<ReceivedSpan> spans = sink.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
        assertEquals(1, spans.size(), "spans of trace " + traceId);
        return spans.get(0);
    }
}
