package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator;
import dev.lambdatrace.emulator.RuntimeInterfaceEmulator.Answer;
import dev.lambdatrace.tools.Concurrently;
import io.vertx.core.json.JsonObject;

/**
 * The function on Lambda Managed Instances, under AWS's own emulator in that mode: several invocations at once in one
 * process, each with its own trace header, spans exported in the background, and what is queued at SIGTERM
 * delivered. Run on the packaged jar (AWS's runtime client runs the workers) and on the native executable (Quarkus'
 * poll loop and this function's workers).
 */
abstract class ManagedInstancesContract {

    static final int WORKERS = 4;
    static final Duration INVOKE_LIMIT = Duration.ofSeconds(30);
    static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);

    abstract LambdaRuntime runtime();

    /** How many concurrent invocations the crossing test runs: enough that a header crossing would show. */
    abstract int crossingInvocations();

    @Test
    void concurrentInvocationsEachGet200AndEachRootSpanIsParentedOnItsOwnHeader() throws Exception {
        // given
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (collector; RuntimeInterfaceEmulator rie = start("lmi-crossing", collector.address(), Map.of())) {
            Map<String, String> headerByRequest = new ConcurrentHashMap<>();
            List<Answer> failed = new ArrayList<>();

            // when: WORKERS callers, each invoking in a loop with a header of its own every time
            Concurrently.run(WORKERS, crossingInvocations(), () -> {
                String requestId = UUID.randomUUID().toString();
                String header = HttpApiEvents.sampledTraceHeader();
                headerByRequest.put(requestId, header);
                Answer answer = invokeUntilAWorkerTakesIt(rie, header, requestId);
                // The function's own answer too: a worker that took an invocation before Quarkus had started
                // answered 500 ("No virtual channel available") inside the emulator's 200.
                if (answer.status() != 200 || !answer.errorType().isEmpty()
                        || new JsonObject(answer.body()).getInteger("statusCode", 0) != 200) {
                    synchronized (failed) {
                        failed.add(answer);
                    }
                }
            });

            // then: every invocation answered, and every root span is on its own invocation's header
            assertTrue(failed.isEmpty(), failed.size() + " failed, first: " + (failed.isEmpty() ? "" : failed.get(0)));
            await(() -> collector.spans().size() >= crossingInvocations(), DELIVERY_LIMIT, rie::output);
            List<ReceivedSpan> spans = collector.spans();
            assertEquals(crossingInvocations(), spans.size(), "one root span per invocation, none lost or doubled");
            int crossed = 0;
            for (ReceivedSpan span : spans) {
                String header = headerByRequest.get((String) span.attribute("faas.invocation_id"));
                if (header == null || !HttpApiEvents.traceIdOf(header).equals(span.traceId())
                        || !HttpApiEvents.parentOf(header).equals(span.parentSpanId())) {
                    crossed++;
                }
            }
            assertEquals(0, crossed, "root spans on another invocation's header, or on none");
            System.out.printf("%s on Lambda Managed Instances (emulated, %d workers): %d concurrent invocations, "
                    + "%d root spans, %d crossed%n", runtime(), WORKERS, crossingInvocations(), spans.size(), crossed);
        }
    }

    @Test
    void burstLargerThanTheWorkersIsPartlyRefusedByTheEmulatorAndTheFunctionKeepsServing() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (collector; RuntimeInterfaceEmulator rie = start("lmi-burst", collector.address(), Map.of())) {
            // given: every worker polling
            warmUp(rie);
            List<Answer> answers = new ArrayList<>();

            // when: four times as many invocations at once as there are workers
            Concurrently.run(WORKERS * 4, WORKERS * 4, () -> {
                Answer answer = rie.invoke(HttpApiEvents.getRoot(HttpApiEvents.sampledTraceHeader()), INVOKE_LIMIT);
                synchronized (answers) {
                    answers.add(answer);
                }
            });

            // then: each is answered or refused as Lambda refuses (no queue), and none fails otherwise
            long served = answers.stream().filter(a -> a.status() == 200 && a.errorType().isEmpty()).count();
            long refused = answers.stream().filter(Answer::noIdleWorker).count();
            assertEquals(answers.size(), served + refused, answers.toString());
            assertTrue(served >= 1, "served " + served + ", refused " + refused);
            System.out.printf("%s, a burst of %d at once on %d workers: %d served, %d refused with "
                    + "Runtime.Unavailable%n", runtime(), answers.size(), WORKERS, served, refused);
            // and: the function still serves afterwards
            Answer after = invokeUntilAWorkerTakesIt(rie, HttpApiEvents.sampledTraceHeader(), "after-burst");
            assertEquals(200, after.status(), after.toString());
            assertTrue(after.errorType().isEmpty(), after.toString());
        }
    }

    @Test
    void spansStillQueuedAtShutdownReachXrayThroughTheRealCollector() throws Exception {
        // given: an interval that never comes, so every span is still queued when the environment stops
        try (CollectorLayer collector = OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start(), Map.of());
                RuntimeInterfaceEmulator rie = start("lmi-shutdown", collector.address(),
                        Map.of("OTEL_BSP_SCHEDULE_DELAY", "600000"))) {
            int invocations = 20;
            for (int i = 0; i < invocations; i++) {
                invokeUntilAWorkerTakesIt(rie, HttpApiEvents.sampledTraceHeader(), "queued-" + i);
            }
            assertEquals(0, collector.xray().segments().size(), "nothing left before the shutdown");

            // when: Lambda stops the environment
            long stopping = System.nanoTime();
            int exit = rie.shutdown(Duration.ofSeconds(10));

            // then: everything reached X-Ray before the runtime was killed
            List<XraySegment> segments = collector.xray().segments();
            assertEquals(invocations, segments.size(), rie.output());
            assertFalse(rie.output().contains("Dropped"), rie.output());
            System.out.printf("%s, SIGTERM with %d spans queued: %d at X-Ray, the emulator gone after %d ms "
                    + "(exit %d)%n", runtime(), invocations, segments.size(),
                    (System.nanoTime() - stopping) / 1_000_000, exit);
        }
    }

    @Test
    void silentCollectorSlowsNoInvocationAndItsDropsAreCountedAndLogged() throws Exception {
        // given: a collector that never answers, a flush timeout of 5 s, and a function that has started
        OtlpReceiver silent = OtlpReceiver.start(0);
        silent.behave(OtlpReceiver.Behaviour.SILENT);
        try (silent; RuntimeInterfaceEmulator rie = start("lmi-silent", silent.address(),
                Map.of("QUARKUS_LAMBDA_TRACING_FLUSH_TIMEOUT", "5s", "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
            warmUp(rie);
            List<Long> latencies = new ArrayList<>();

            // when
            Concurrently.run(WORKERS, 200, () -> {
                Answer answer = invokeUntilAWorkerTakesIt(rie, HttpApiEvents.sampledTraceHeader(),
                        UUID.randomUUID().toString());
                assertEquals(200, answer.status(), answer.toString());
                synchronized (latencies) {
                    latencies.add(answer.latencyNanos());
                }
            });

            // then: no invocation waited for the collector, and the export's drop was logged
            long slowest = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(slowest < Duration.ofSeconds(5).toNanos(), "an invocation waited " + slowest / 1_000_000
                    + " ms, as long as the flush timeout");
            await(() -> rie.output().contains("Dropped"), DELIVERY_LIMIT, rie::output);
            assertTrue(silent.exports() >= 1, "the function did try the collector");
            System.out.printf("%s, silent collector: 200 invocations, the slowest answered in %d ms%n", runtime(),
                    slowest / 1_000_000);
        }
    }

    @Test
    void afterResponseCannotHoldAndIsReplacedByTheBackgroundExportWithOneWarning() throws Exception {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (collector; RuntimeInterfaceEmulator rie = start("lmi-after", collector.address(),
                Map.of("QUARKUS_LAMBDA_TRACING_FLUSH", "after-response", "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
            Answer answer = invokeUntilAWorkerTakesIt(rie, HttpApiEvents.sampledTraceHeader(), "after");

            assertEquals(200, answer.status(), rie.output());
            await(() -> collector.spans().size() == 1, DELIVERY_LIMIT, rie::output);
            rie.awaitOutput("QUARKUS_LAMBDA_TRACING_FLUSH=after-response (quarkus.lambda-tracing.flush) cannot hold on Lambda Managed Instances");
            assertFalse(rie.output().contains("InvalidEventType"), "no INVOKE subscription was asked for");
        }
    }

    @Test
    void xrayUdpWithTheEmptyDaemonAddressOfManagedInstancesStopsAtStartNamingTheVariable() {
        try (RuntimeInterfaceEmulator rie = start("lmi-udp", "http://127.0.0.1:9/v1/traces",
                Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp"))) {
            Answer answer = rie.invoke(HttpApiEvents.getRoot(HttpApiEvents.sampledTraceHeader()), INVOKE_LIMIT);

            assertFalse(answer.status() == 200 && answer.errorType().isEmpty(), answer.toString());
            rie.awaitOutput("AWS_XRAY_DAEMON_ADDRESS is set but empty");
        }
    }

    private RuntimeInterfaceEmulator start(String name, String collector, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector);
        return RuntimeInterfaceEmulator.startManagedInstances(runtime(), FunctionArtifacts.ofBuild(), name, WORKERS,
                environment);
    }

    static Answer invokeUntilAWorkerTakesIt(RuntimeInterfaceEmulator rie, String header, String requestId) {
        return rie.invokeWhenAWorkerIsFree(HttpApiEvents.getRoot(header), INVOKE_LIMIT, header, requestId);
    }

    private static void warmUp(RuntimeInterfaceEmulator rie) throws Exception {
        Concurrently.run(WORKERS, WORKERS * 10, () -> invokeUntilAWorkerTakesIt(rie,
                HttpApiEvents.sampledTraceHeader(), UUID.randomUUID().toString()));
    }

    static void await(BooleanSupplier condition, Duration limit, java.util.function.Supplier<String> output)
            throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + limit + ": " + output.get());
            }
            Thread.sleep(20);
        }
    }
}
