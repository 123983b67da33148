package dev.lambdatrace.tracing.xray;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Singleton;

import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Trace IDs that X-Ray accepts: the first 8 hex digits are the epoch second, the other 24 are random. Used only when an
 * invocation starts a new trace; with a sampled X-Ray header the trace ID comes from the header.
 */
@Singleton
public class XrayIdGenerator implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();

    @Override
    public String generateSpanId() {
        return RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long epochSeconds = System.currentTimeMillis() / 1000;
        long high = (epochSeconds << 32) | (random.nextLong() & 0xFFFFFFFFL);
        return TraceId.fromLongs(high, random.nextLong());
    }
}
