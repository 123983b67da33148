package org.acme.greetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedLogRecord;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.downstream.EchoService;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator.Answer;
import dev.lambdatrace.tools.Concurrently;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertx.core.json.JsonObject;

/**
 * The application as Lambda runs it, under AWS's Runtime Interface Emulator, with the real collector (the ADOT
 * layer's config, every signal also forwarded to a loopback sink) and the downstream service on loopback, configured
 * as a user deploys it: nothing of the tracing set but where the collector is. Run on the packaged jar and on the
 * native executable.
 */
abstract class GreetingFunctionContract {

    static final Duration INVOKE_LIMIT = Duration.ofSeconds(30);
    // A warning or an error in Quarkus' console format (the emulator's own lines have another).
    static final Pattern QUARKUS_WARNING = Pattern.compile("\\s(WARN|WARNING|ERROR|SEVERE)\\s+\\[");

    abstract LambdaRuntime runtime();

    OtlpReceiver sink;
    CollectorLayer collector;
    EchoService downstream;

    @BeforeEach
    void startTheCollectorAndTheDownstreamService() {
        sink = OtlpReceiver.start(0);
        collector = OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start(),
                OtelCollector.forwardingEverySignalTo(sink));
        downstream = EchoService.start(0);
    }

    @AfterEach
    void stopThem() {
        downstream.close();
        collector.close();
        sink.close();
    }

    @Test
    void invocationCallingDownstreamIsOneTraceAndEverySignalIsAtTheCollectorBeforeTheAnswer() {
        try (RuntimeInterfaceEmulator rie = start("greetings", Map.of())) {
            // when
            Answer answer = invoke(rie, "/greeting/ada/remote");

            // then
            assertEquals("Hello ada", body(answer), rie.output());
            List<ReceivedSpan> spans = sink.spans();
            ReceivedSpan root = GreetingResourceTest.root(spans);
            assertEquals("GET /greeting/{name}/remote", root.name());
            assertUnder(root, GreetingResourceTest.named(spans, "compose greeting"));
            ReceivedSpan call = spans.stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst()
                    .orElseThrow(() -> new AssertionError("no client span: " + spans));
            assertUnder(root, call);
            assertEquals(3, spans.size(), spans.toString());
            assertTrue(spans.stream().allMatch(span -> span.receivedAtNanos() < answer.answeredAtNanos()));
            EchoService.Request received = downstream.requests().get(0);
            assertEquals(root.traceId(), received.traceparentTraceId(), received.headers().toString());
            assertEquals(call.spanId(), received.traceparentSpanId(), received.headers().toString());
            assertTrue(received.headers().get("X-Amzn-Trace-Id").startsWith("Root=" + xrayTraceId(root)),
                    received.headers().toString());
            assertTrue(sink.metrics().stream().anyMatch(metric -> metric.name().equals("greetings.composed")),
                    sink.metrics() + rie.output());
            // The JVM's own metrics are off by default on Lambda: they would stream JFR events in every sandbox.
            assertEquals(List.of(), sink.metrics().stream().map(metric -> metric.name())
                    .filter(name -> name.startsWith("jvm.")).distinct().toList());
            List<ReceivedLogRecord> records = sink.logRecords();
            assertTrue(records.stream().anyMatch(record -> record.body().equals("Composing a greeting for ada")
                    && record.traceId().equals(root.traceId())), records.toString());
            // The extension's default console format prints the ids on each line.
            String line = rie.awaitOutput("Composing a greeting for ada").lines()
                    .filter(text -> text.contains("Composing a greeting for ada")).findFirst().orElseThrow();
            assertTrue(line.contains("traceId=" + root.traceId()), line);
            // Nothing in the application, the extension or Quarkus finds anything to warn about.
            assertEquals(List.of(), rie.output().lines().filter(text -> QUARKUS_WARNING.matcher(text).find())
                    .toList());
        }
    }

    @Test
    void jsonLogLinesOfAnInvocationCarryItsIdsAsLambdasLogFormatAsks() {
        try (RuntimeInterfaceEmulator rie = start("greetings-json", Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"))) {
            // when
            invoke(rie, "/greeting/ada");

            // then
            ReceivedSpan root = GreetingResourceTest.root(sink.spans());
            List<JsonObject> lines = rie.awaitOutput("Composing a greeting for ada").lines()
                    .filter(line -> line.startsWith("{") && line.contains("org.acme.greetings"))
                    .map(JsonObject::new).toList();
            assertEquals(2, lines.size(), rie.output());
            for (JsonObject line : lines) {
                JsonObject mdc = line.getJsonObject("mdc");
                assertEquals(root.traceId(), mdc.getString("traceId"), line.encode());
                assertEquals(xrayTraceId(root), mdc.getString("xrayTraceId"), line.encode());
                assertTrue(mdc.getString("spanId").length() == 16, line.encode());
                assertTrue(mdc.getString("AWSRequestId").length() > 0, line.encode());
                assertTrue(line.getString("level").equals("INFO"), line.encode());
            }
        }
    }

    @Test
    void exceptionAnExceptionMapperAnswersMarksTheRootSpanFailed() {
        try (RuntimeInterfaceEmulator rie = start("greetings-refused", Map.of())) {
            // when
            Answer answer = invoke(rie, "/greeting/refused/ada");

            // then
            assertEquals(500, new JsonObject(answer.body()).getInteger("statusCode"), answer.body());
            ReceivedSpan root = GreetingResourceTest.root(sink.spans());
            assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.proto().getStatus().getCode());
            assertTrue(root.proto().getEventsList().stream().anyMatch(event -> event.getName().equals("exception")),
                    root.proto().toString());
        }
    }

    @Test
    void afterTheResponseEverySpanOfTheInvocationLeavesBeforeTheNextCallToNext() {
        try (RuntimeInterfaceEmulator rie = start("greetings-after",
                Map.of("QUARKUS_LAMBDA_TRACING_FLUSH", "after-response"))) {
            // when: the emulator answers once the extension has called next again
            Answer answer = invoke(rie, "/greeting/ada/reactive");

            // then
            assertEquals("Hello ada", body(answer), rie.output());
            List<ReceivedSpan> spans = sink.spans();
            ReceivedSpan root = GreetingResourceTest.root(spans);
            assertEquals(2, spans.size(), spans.toString());
            assertTrue(spans.stream().allMatch(span -> span.traceId().equals(root.traceId())), spans.toString());
        }
    }

    @Test
    void overUdpEverySpanOfTheInvocationGoesToTheXrayDaemon() {
        try (XrayUdpReceiver daemon = XrayUdpReceiver.start(0);
                RuntimeInterfaceEmulator rie = start("greetings-udp", Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER",
                        "xray-udp", "AWS_XRAY_DAEMON_ADDRESS", daemon.address()))) {
            // when
            invoke(rie, "/greeting/ada/remote");

            // then: handed to the kernel before the answer; on loopback they are there
            daemon.collect();
            List<ReceivedSpan> spans = daemon.spans();
            assertEquals(3, spans.size(), spans + rie.output());
            ReceivedSpan root = GreetingResourceTest.root(spans);
            assertTrue(spans.stream().allMatch(span -> span.traceId().equals(root.traceId())), spans.toString());
        }
    }

    /**
     * Lambda Managed Instances: sixteen invocations at once in one process, each with its own trace header. Every span
     * of each (exported in the background) is in its own invocation's trace, and every line it logs (JSON, as
     * Managed Instances always write) carries its own ids, never another's.
     */
    @Test
    void onManagedInstancesSixteenInvocationsAtOnceNeverShareATraceOrALogLine() throws Exception {
        int workers = 16;
        int invocations = 160;
        Map<String, String> headerByName = new ConcurrentHashMap<>();
        Map<String, String> requestIdByName = new ConcurrentHashMap<>();
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        AtomicInteger next = new AtomicInteger();
        try (RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-lmi", workers, environment)) {
            // when
            Concurrently.run(workers, invocations, () -> {
                String name = "caller" + next.incrementAndGet();
                String header = HttpApiEvents.sampledTraceHeader();
                String requestId = UUID.randomUUID().toString();
                headerByName.put(name, header);
                requestIdByName.put(name, requestId);
                Answer answer = rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/" + name, header),
                        INVOKE_LIMIT, header, requestId);
                assertEquals("Hello " + name, body(answer), answer.toString());
            });

            // then: spans, once the background export has sent them
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sink.spans().size() < 2 * invocations && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Map<String, List<ReceivedSpan>> byTrace = sink.spansByTrace();
            assertEquals(invocations, byTrace.size(), rie.output());
            for (Map.Entry<String, String> invocation : headerByName.entrySet()) {
                List<ReceivedSpan> trace = byTrace.get(HttpApiEvents.traceIdOf(invocation.getValue()));
                assertEquals(2, trace.size(), invocation + ": " + trace);
                ReceivedSpan root = GreetingResourceTest.root(trace);
                assertEquals(HttpApiEvents.parentOf(invocation.getValue()), root.parentSpanId());
                assertUnder(root, GreetingResourceTest.named(trace, "compose greeting"));
                assertEquals(invocation.getKey(), GreetingResourceTest.named(trace, "compose greeting")
                        .attribute("greeting.name"));
            }
            // and lines: each names its caller, and carries that caller's invocation's ids
            List<JsonObject> lines = rie.output().lines().filter(line -> line.startsWith("{")
                    && line.contains("org.acme.greetings")).map(JsonObject::new).toList();
            assertEquals(2 * invocations, lines.size(), rie.output());
            for (JsonObject line : lines) {
                String message = line.getString("message");
                String name = message.substring(message.lastIndexOf(' ') + 1);
                JsonObject mdc = line.getJsonObject("mdc");
                assertEquals(requestIdByName.get(name), mdc.getString("AWSRequestId"), line.encode());
                assertEquals(HttpApiEvents.traceIdOf(headerByName.get(name)), mdc.getString("traceId"),
                        line.encode());
            }
        }
    }

    /**
     * Managed Instances: SIGTERM while three invocations of a 300 ms route run. AWS's emulator answers their callers
     * itself at once ({@code Client.ExecutionEnvironmentShutDown}) and refuses the function's late answers; what the
     * function controls is that the handlers finish and their spans leave or are counted before the kill, and that
     * the shutdown is quiet: no error of its own.
     */
    @Test
    void onManagedInstancesSigtermDuringThreeInvocationsSendsOrCountsTheirSpansQuietly() throws Exception {
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-sigterm", 4, environment);
        try (rie) {
            // given: started, then three invocations under way
            invokeMany(rie, 1);
            List<java.util.concurrent.CompletableFuture<Answer>> answers = new java.util.ArrayList<>();
            List<String> traces = new java.util.ArrayList<>();
            for (String name : List.of("ann", "bea", "cid")) {
                String header = HttpApiEvents.sampledTraceHeader();
                traces.add(HttpApiEvents.traceIdOf(header));
                answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> rie.invokeWhenAWorkerIsFree(
                        HttpApiEvents.get("/greeting/" + name + "/after/300", header), INVOKE_LIMIT, header,
                        UUID.randomUUID().toString())));
                rie.awaitOutput("Greeting " + name + " in 300 ms");
            }

            // when
            rie.shutdown(Duration.ofSeconds(10));

            // then: every caller has an answer, the emulator's
            for (java.util.concurrent.CompletableFuture<Answer> pending : answers) {
                Answer answer = pending.get(INVOKE_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(answer.body().contains("Client.ExecutionEnvironmentShutDown")
                        || answer.body().contains("Hello "), answer.toString());
            }
            // and the three handlers' spans at the collector, or counted in the last word before the kill
            String output = rie.output();
            long sent = sink.spans().stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER
                    && traces.contains(span.traceId())).count();
            assertTrue(sent == 3 || output.contains("Shutting down: "), sent + " sent\n" + output);
            String afterSigterm = output.substring(output.indexOf("Greeting cid in 300 ms"));
            assertFalse(afterSigterm.contains("Error Occurred After Shutdown"), afterSigterm);
            assertFalse(afterSigterm.lines().anyMatch(line -> line.contains("ERROR") && line.contains("dev.")),
                    afterSigterm);
        }
    }

    /**
     * Managed Instances: an export hangs on a collector that answers after 1.5 s, more invocations end behind it,
     * then SIGTERM. Not one span vanishes: each is delivered or counted, and the count is in the log before the exit.
     */
    @Test
    void onManagedInstancesSigtermWithABatchInFlightToASlowCollectorCountsEverySpanItCouldNotSend() throws Exception {
        OtlpReceiver slow = OtlpReceiver.start(0);
        slow.behave(OtlpReceiver.Behaviour.DELAY);
        slow.delay(Duration.ofMillis(1_500));
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", slow.address());
        RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-slow-collector", 4, environment);
        try (slow; rie) {
            // given: 100 invocations, their export under way, then 100 more
            invokeMany(rie, 100);
            long until = System.nanoTime() + INVOKE_LIMIT.toNanos();
            while (slow.exports() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            invokeMany(rie, 100);

            // when
            rie.shutdown(Duration.ofSeconds(10));

            // then: nothing was acknowledged in time, so every span of the 200 invocations is counted
            String output = rie.output();
            java.util.regex.Matcher lastWord = java.util.regex.Pattern
                    .compile("Shutting down: (\\d+) span\\(s\\) dropped").matcher(output);
            assertTrue(lastWord.find(), output);
            assertEquals(400, Long.parseLong(lastWord.group(1)), output);
            assertFalse(output.contains("Error running lambda"), output);
        }
    }

    /** Managed Instances, the jar: the first invocation starts Quarkus; one that comes meanwhile waits for the start only. */
    @Test
    void onManagedInstancesALongFirstInvocationHoldsNoOtherOnceStarted() throws Exception {
        try (RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-first", 2, deployedAsAUserWould())) {
            // when: a first invocation that takes 3 s once started, and a quick one 200 ms later
            String slowHeader = HttpApiEvents.sampledTraceHeader();
            java.util.concurrent.CompletableFuture<Answer> slow = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/ada/after/3000", slowHeader),
                            INVOKE_LIMIT, slowHeader, UUID.randomUUID().toString()));
            Thread.sleep(200);
            String quickHeader = HttpApiEvents.sampledTraceHeader();
            Answer quick = rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/bob", quickHeader), INVOKE_LIMIT,
                    quickHeader, UUID.randomUUID().toString());

            // then
            Answer first = slow.get(INVOKE_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("Hello bob", body(quick));
            assertEquals("Hello ada", body(first));
            assertTrue(quick.answeredAtNanos() < first.answeredAtNanos(),
                    "the quick invocation waited for the slow one: " + rie.output());
        }
    }

    /**
     * Managed Instances: invocations that come while the application starts wait for the start, then answer. On the
     * java runtimes Quarkus starts with the first invocation, and its own handler lets the others through while the
     * start still runs ({@code Quarkus.manualStart} marks the start begun, not done): they failed at once, and their
     * callers, asking again, failed hundreds of times before the start was over.
     */
    @Test
    void onManagedInstancesInvocationsThatComeWhileTheApplicationStartsWaitForItAndAllAnswer() throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-starting", 4, deployedAsAUserWould())) {
            // when: four callers, each asking again at once after an answer, from the environment's first invocation
            List<Answer> failed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Concurrently.run(4, 100, () -> {
                String name = "caller" + next.incrementAndGet();
                String header = HttpApiEvents.sampledTraceHeader();
                Answer answer = rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/" + name, header),
                        INVOKE_LIMIT, header, UUID.randomUUID().toString());
                if (!answer.errorType().isEmpty() || !answer.body().contains("Hello " + name)) {
                    failed.add(answer);
                }
            });

            // then
            assertTrue(failed.isEmpty(), failed.size() + " of 100 failed, first: "
                    + (failed.isEmpty() ? "" : failed.get(0)) + "\n" + rie.output());
        }
    }

    /**
     * Managed Instances with the blocking flush and a silent collector: two invocations flush at once, and each gives
     * up at its own bound, within its deadline, not after the other's.
     */
    @Test
    void onManagedInstancesTwoBlockingFlushesToASilentCollectorEachEndWithinTheirOwnDeadline() throws Exception {
        OtlpReceiver silent = OtlpReceiver.start(0);
        silent.behave(OtlpReceiver.Behaviour.SILENT);
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", silent.address());
        environment.put("QUARKUS_LAMBDA_TRACING_FLUSH", "before-response");
        environment.put("AWS_LAMBDA_FUNCTION_TIMEOUT", "3");
        try (silent; RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-two-flushes", 2, environment)) {
            invokeMany(rie, 1);

            // when: two at once
            List<Answer> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Concurrently.run(2, 2, () -> {
                String header = HttpApiEvents.sampledTraceHeader();
                answers.add(rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/ada", header), INVOKE_LIMIT,
                        header, UUID.randomUUID().toString()));
            });

            // then: each within the 3 s function's deadline: one flush timeout (1 s), not two
            for (Answer answer : answers) {
                assertEquals("Hello ada", body(answer));
                assertTrue(answer.latencyNanos() < Duration.ofSeconds(3).toNanos(),
                        answer.latencyNanos() / 1_000_000 + " ms\n" + rie.output());
            }
        }
    }

    /**
     * Managed Instances with one worker, the runtime's own (Quarkus' poll loop, AWS's runtime client's thread): a
     * handler that never returns. Its caller gets an answer (the emulator times it out at the deadline; where the
     * platform does not, the extension reports it failed a few seconds later), and a worker of the extension takes
     * the slot the stuck thread holds: the next invocation is served.
     */
    @Test
    void onManagedInstancesAHandlerThatNeverReturnsOnTheRuntimesOwnThreadIsReportedAndReplaced() throws Exception {
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        // Long enough for the jar to start Quarkus within its first invocation.
        environment.put("AWS_LAMBDA_FUNCTION_TIMEOUT", "5");
        try (RuntimeInterfaceEmulator rie = RuntimeInterfaceEmulator.startManagedInstances(runtime(),
                FunctionArtifacts.ofBuild(), "greetings-stuck", 1, environment)) {
            invokeMany(rie, 1);

            // when: a handler that would run ten minutes
            String header = HttpApiEvents.sampledTraceHeader();
            Answer stuck = rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/ada/after/600000", header),
                    INVOKE_LIMIT, header, UUID.randomUUID().toString());

            // then: answered, the slot taken over, and the next invocation served
            assertTrue(stuck.errorType().contains("Timedout") || stuck.body().contains("HandlerOverdue"),
                    stuck + "\n" + rie.output());
            rie.awaitOutput("another worker took its place");
            String next = HttpApiEvents.sampledTraceHeader();
            assertEquals("Hello bob", body(rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/bob", next),
                    INVOKE_LIMIT, next, UUID.randomUUID().toString())));
        }
    }

    private static void invokeMany(RuntimeInterfaceEmulator rie, int invocations) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Concurrently.run(4, invocations, () -> {
            String header = HttpApiEvents.sampledTraceHeader();
            body(rie.invokeWhenAWorkerIsFree(HttpApiEvents.get("/greeting/n" + next.incrementAndGet(), header),
                    INVOKE_LIMIT, header, UUID.randomUUID().toString()));
        });
    }

    RuntimeInterfaceEmulator start(String name, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(deployedAsAUserWould());
        environment.putAll(settings);
        return RuntimeInterfaceEmulator.start(runtime(), FunctionArtifacts.ofBuild(), name, environment);
    }

    /**
     * Where the collector is, and the downstream service: on Lambda the collector layer listens on the default ports,
     * here on free ones. Spans go over OTLP/HTTP, metrics and logs over Quarkus' default, gRPC.
     */
    Map<String, String> deployedAsAUserWould() {
        return Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address(),
                "QUARKUS_OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", collector.grpcEndpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", collector.grpcEndpoint(),
                "DOWNSTREAM_URL", downstream.url());
    }

    /** The emulator of classic Lambda sends no trace header (its issue #109): each invocation is a trace of its own. */
    static Answer invoke(RuntimeInterfaceEmulator rie, String path) {
        Answer answer = rie.invoke(HttpApiEvents.get(path, HttpApiEvents.sampledTraceHeader()), INVOKE_LIMIT);
        assertEquals(200, answer.status(), answer + rie.output());
        return answer;
    }

    static String body(Answer answer) {
        JsonObject response = new JsonObject(answer.body());
        assertEquals(200, response.getInteger("statusCode"), answer.body());
        return response.getString("body");
    }

    static void assertUnder(ReceivedSpan root, ReceivedSpan child) {
        assertEquals(root.traceId(), child.traceId(), child.toString());
        assertEquals(root.spanId(), child.parentSpanId(), child.toString());
    }

    static String xrayTraceId(ReceivedSpan span) {
        return "1-" + span.traceId().substring(0, 8) + "-" + span.traceId().substring(8);
    }
}
