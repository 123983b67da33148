package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.XraySegment;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import dev.lambdatrace.emulator.Sandbox;

/**
 * What a user sees in X-Ray: the function's spans through the real OpenTelemetry Collector, running the config that
 * function.zip ships (OTLP in, {@code awsxray} out, no processors), to a fake X-Ray on loopback. Run on the packaged
 * jar and on the native executable.
 */
abstract class XraySegmentContract {

    /** The function on the runtime this run of the contract is about. */
    abstract EmulatedLambda lambda();

    @Test
    void sampledInvocationBecomesOneSegmentUnderLambdasOwnAtXrayBeforeTheResponse() {
        try (Sandbox function = start("segment")) {
            // when
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation invocation = function.invoke(HttpApiEvents.getRoot(header), header);

            // then
            XraySegment segment = segmentOf(function, header);
            assertTrue(segment.receivedAtNanos() < invocation.respondedAtNanos(), "at X-Ray before the response");
            assertEquals(header.substring("Root=".length(), header.indexOf(';')), segment.traceId());
            assertEquals(HttpApiEvents.parentOf(header), segment.parentId());
            assertNull(segment.type(), "a segment of its own, not a subsegment");
            assertEquals("segment", segment.name());
            assertEquals("GET", segment.httpRequestMethod());
            assertEquals("https://lab.execute-api.us-east-1.amazonaws.com/", segment.httpRequestUrl());
            assertEquals(200, segment.httpResponseStatus());
            assertFalse(segment.fault() || segment.error());
            Map<String, Object> metadata = segment.metadata();
            assertEquals(invocation.requestId(), metadata.get("faas.invocation_id"));
            assertEquals("http", metadata.get("faas.trigger"));
            assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "segment", metadata.get("aws.lambda.invoked_arn"));
            assertEquals("segment", metadata.get("otel.resource.faas.name"));
            assertEquals("aws_lambda", metadata.get("otel.resource.cloud.platform"));
            assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "segment", metadata.get("otel.resource.cloud.resource_id"));
        }
    }

    @Test
    void unmatchedPathIsAnErrorNotAFault() {
        try (Sandbox function = start("not-found")) {
            String header = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.get("/missing", header), header);

            XraySegment segment = segmentOf(function, header);
            assertEquals(404, segment.httpResponseStatus());
            assertTrue(segment.error(), segment.document().encode());
            assertFalse(segment.fault(), segment.document().encode());
            assertEquals("https://lab.execute-api.us-east-1.amazonaws.com/missing", segment.httpRequestUrl());
        }
    }

    @Test
    void unsampledInvocationSendsNoSegmentAtAll() {
        try (Sandbox function = start("unsampled")) {
            String unsampled = HttpApiEvents.sampledTraceHeader().replace("Sampled=1", "Sampled=0");
            function.invoke(HttpApiEvents.getRoot(unsampled), unsampled);
            String sampled = HttpApiEvents.sampledTraceHeader();
            function.invoke(HttpApiEvents.getRoot(sampled), sampled);

            List<XraySegment> segments = xrayOf(function).segments();
            assertEquals(1, segments.size(), segments.toString());
            assertEquals(HttpApiEvents.traceIdOf(sampled), segments.get(0).otelTraceId());
        }
    }

    private Sandbox start(String name) {
        CollectorLayer collector = OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start(), Map.of());
        return lambda().start(name, collector, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address()));
    }

    private static FakeXray xrayOf(Sandbox function) {
        return ((CollectorLayer) function.sink()).xray();
    }

    private static XraySegment segmentOf(Sandbox function, String header) {
        String traceId = HttpApiEvents.traceIdOf(header);
        List<XraySegment> segments = xrayOf(function).segments().stream()
                .filter(segment -> traceId.equals(segment.otelTraceId())).toList();
        assertEquals(1, segments.size(), () -> "segments of trace " + traceId + ": " + xrayOf(function).segments()
                + "\n" + ((CollectorLayer) function.sink()).output());
        return segments.get(0);
    }
}
