package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

class XrayIdGeneratorTest {

    final XrayIdGenerator generator = new XrayIdGenerator();

    @Test
    void traceIdStartsWithTheCurrentEpochSecond() {
        long before = System.currentTimeMillis() / 1000;
        String traceId = generator.generateTraceId();
        long after = System.currentTimeMillis() / 1000;

        long seconds = Long.parseLong(traceId.substring(0, 8), 16);
        assertTrue(seconds >= before && seconds <= after, traceId);
    }

    @Test
    void idsAreValidAndDistinct() {
        Set<String> traceIds = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String traceId = generator.generateTraceId();
            assertTrue(TraceId.isValid(traceId), traceId);
            assertTrue(SpanId.isValid(generator.generateSpanId()));
            traceIds.add(traceId);
        }
        assertEquals(10_000, traceIds.size());
    }
}
