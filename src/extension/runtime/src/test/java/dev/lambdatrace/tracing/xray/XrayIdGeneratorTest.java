package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void namedTraceIdIsUsedForTheNextRootOnThisThreadOnly() throws Exception {
        XrayIdGenerator.useForNextRoot("5759e988bd862e3fe1be46a994272793");
        String[] other = new String[1];
        Thread thread = new Thread(() -> other[0] = generator.generateTraceId());
        thread.start();
        thread.join();

        assertEquals("5759e988bd862e3fe1be46a994272793", generator.generateTraceId());
        assertNotEquals("5759e988bd862e3fe1be46a994272793", other[0], "another thread's root");
        assertNotEquals("5759e988bd862e3fe1be46a994272793", generator.generateTraceId(), "used once");
    }

    @Test
    void forgottenNameIsNotUsed() {
        XrayIdGenerator.useForNextRoot("5759e988bd862e3fe1be46a994272793");
        XrayIdGenerator.useForNextRoot(null);

        assertNotEquals("5759e988bd862e3fe1be46a994272793", generator.generateTraceId());
    }
}
