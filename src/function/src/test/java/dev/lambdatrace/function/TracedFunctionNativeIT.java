package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.Sandbox;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.vertx.core.json.JsonObject;

/**
 * The native executable under Quarkus' own poll loop, against the lab's Runtime API endpoint and a real OTLP
 * receiver: the trace contract, the blocking flush, and the X-Ray header's edge cases.
 */
class TracedFunctionNativeIT {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.PROVIDED_AL2023);

    @Test
    void everyInvocationKeepsTheTraceContractAndIsAtTheCollectorBeforeItsResponse() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("contract", collector)) {
            for (int i = 0; i < 20; i++) {
                // when
                String header = HttpApiEvents.sampledTraceHeader();
                Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

                // then
                assertEquals(200, new JsonObject(invocation.body()).getInteger("statusCode"), invocation.body());
                ReceivedSpan span = spanOf(collector, header);
                assertTrue(span.receivedAtNanos() < invocation.respondedAtNanos(),
                        "invocation " + i + ": the span reached the collector after the response");
                assertEquals(HttpApiEvents.parentOf(header), span.parentSpanId());
                assertEquals(SpanKind.SPAN_KIND_SERVER, span.kind());
                assertEquals("GET /", span.name());
                assertEquals(i == 0, span.attribute("faas.coldstart"));
                assertEquals(invocation.requestId(), span.attribute("faas.invocation_id"));
            }
            ReceivedSpan span = collector.spans().get(0);
            assertEquals("http", span.attribute("faas.trigger"));
            assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "contract", span.attribute("aws.lambda.invoked_arn"));
            assertEquals("GET", span.attribute("http.request.method"));
            assertEquals("/", span.attribute("http.route"));
            assertEquals(200L, span.attribute("http.response.status_code"));
            assertEquals("https", span.attribute("url.scheme"));
            assertEquals("lab.execute-api.us-east-1.amazonaws.com", span.attribute("server.address"));
            assertEquals("1.1", span.attribute("network.protocol.version"));
            assertFalse(span.attributes().containsKey("client.address"));
            assertEquals("contract", span.resource().get("faas.name"));
            assertEquals("contract", span.resource().get("service.name"), "named after the function, as X-Ray shows it");
            assertEquals("$LATEST", span.resource().get("faas.version"));
            assertEquals(512L * 1024 * 1024, span.resource().get("faas.max_memory"));
            assertEquals("us-east-1", span.resource().get("cloud.region"));
            assertEquals("123456789012", span.resource().get("cloud.account.id"));
            assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "contract", span.resource().get("cloud.resource_id"));
            assertEquals("aws_lambda", span.resource().get("cloud.platform"));
            assertTrue(String.valueOf(span.resource().get("faas.instance")).endsWith("contract0123456789abcdef"));
        }
    }

    @Test
    void unsampledInvocationExportsNothingAndAGarbageHeaderStartsANewXrayStyleTrace() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("headers", collector)) {
            // when
            String unsampled = HttpApiEvents.sampledTraceHeader().replace("Sampled=1", "Sampled=0");
            Invocation quiet = function.invoke(HttpApiEvents.getRoot(unsampled), unsampled);
            Invocation garbage = function.invoke(HttpApiEvents.getRoot(unsampled), "Root=1-zz;Parent=?;Sampled=1");

            // then
            assertFalse(quiet.error() || garbage.error());
            List<ReceivedSpan> spans = collector.spans();
            assertEquals(1, spans.size(), "only the garbage-header invocation records a span");
            ReceivedSpan span = spans.get(0);
            assertEquals("", span.parentSpanId());
            long idSeconds = Long.parseLong(span.traceId().substring(0, 8), 16);
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - idSeconds) < 60, span.traceId());
        }
    }

    @Test
    void invocationWithoutATraceHeaderDoesNotJoinThePreviousInvocationsTrace() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("leak", collector)) {
            // given
            String header = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(header), header);

            // when
            function.invoke(HttpApiEvents.getRoot(header), null);

            // then
            List<ReceivedSpan> spans = collector.spans();
            assertEquals(2, spans.size());
            assertNotEquals(spans.get(0).traceId(), spans.get(1).traceId());
            assertEquals("", spans.get(1).parentSpanId());
        }
    }

    @Test
    void malformedEventGetsAnErrorPostAndTheNextEventIsServed() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("malformed", collector)) {
            Invocation malformed = function.invoke("{ this is not json", HttpApiEvents.sampledTraceHeader());
            Invocation wrongShape = function.invoke("[1, 2, 3]", HttpApiEvents.sampledTraceHeader());
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation next = function.invoke(HttpApiEvents.getRoot(header), header);

            assertTrue(malformed.error(), malformed.body());
            assertTrue(wrongShape.error(), wrongShape.body());
            assertEquals(200, new JsonObject(next.body()).getInteger("statusCode"));
            spanOf(collector, header);
        }
    }

    @Test
    void silentCollectorNearTheDeadlineNeverMakesTheInvocationTimeOut() throws Exception {
        // given: a collector that never answers, the default flush timeout of 1 s, a first invocation (whose margin is
        // 1 s: with 150 ms left it sends nothing), then invocations with 600 ms left (the margin, 200 ms, leaves the
        // flush 400 ms) and 150 ms left (less than the margin: no flush)
        OtlpReceiver collector = OtlpReceiver.start(0);
        collector.behave(OtlpReceiver.Behaviour.SILENT);
        try (Sandbox function = start("deadline", collector)) {
            String header = HttpApiEvents.sampledTraceHeader();

            // when
            Invocation first = function.invoke(HttpApiEvents.getRoot(header), header, Duration.ofMillis(150));
            Invocation shortened = function.invoke(HttpApiEvents.getRoot(header), header, Duration.ofMillis(600));
            Invocation skipped = function.invoke(HttpApiEvents.getRoot(header), header, Duration.ofMillis(150));

            // then
            assertFalse(first.error() || shortened.error() || skipped.error());
            assertTrue(first.responseNanos() < 150_000_000L, first.responseNanos() / 1_000_000 + " ms");
            assertTrue(shortened.responseNanos() < 600_000_000L, "answered after its deadline: "
                    + shortened.responseNanos() / 1_000_000 + " ms");
            assertTrue(skipped.responseNanos() < 150_000_000L, skipped.responseNanos() / 1_000_000 + " ms");
            assertEquals(1, collector.exports(), "the second flush was skipped, with no time left");
            function.awaitOutput("no time was left before the invocation's deadline", "Dropped");
        }
    }

    @Test
    void tracedExecutableRunsNoThreadForTheMetricsAndLogsItDoesNotExport() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = start("threads", collector)) {
            // when
            String header = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(header), header);

            // then: every thread wakes after each thaw; these two would do it for nothing
            List<String> threads = new ArrayList<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", function.pid() + "", "task"))) {
                for (Path task : tasks) {
                    threads.add(Files.readString(task.resolve("comm")).strip());
                }
            }
            // /proc keeps the last 15 bytes of a thread's name: PeriodicMetricReader-1, Batch...Processor_WorkerThread-1
            assertTrue(threads.stream().noneMatch(name -> name.endsWith("MetricReader-1")
                    || name.endsWith("_WorkerThread-1")), threads.toString());
            spanOf(collector, header);
        }
    }

    static Sandbox start(String name, OtlpReceiver collector) {
        return lambda.start(name, collector, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address()));
    }

    static ReceivedSpan spanOf(OtlpReceiver collector, String header) {
        String traceId = HttpApiEvents.traceIdOf(header);
        List<ReceivedSpan> spans = collector.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
        assertEquals(1, spans.size(), "spans of trace " + traceId);
        return spans.get(0);
    }
}
