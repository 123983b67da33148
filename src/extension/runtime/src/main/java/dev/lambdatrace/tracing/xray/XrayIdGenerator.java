package dev.lambdatrace.tracing.xray;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Singleton;

import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Trace IDs that X-Ray accepts: the first 8 hex digits are the epoch second, the other 24 are random. A root span
 * whose X-Ray header carries a Root but no Parent keeps that Root as its trace ID: the invocation thread names it
 * with {@link #useForNextRoot} just before starting the span.
 *
 * <p>Contrib's {@code AwsXrayIdGenerator} makes the same IDs and passes our tests for them, but it cannot name the
 * next root's trace ID, and its artifact (opentelemetry-aws-xray) brings OkHttp, Okio, the Kotlin standard library
 * and Jackson into the function for X-Ray's remote sampler, which this function does not use. Its four lines of ID
 * making are {@link #newTraceId}.
 */
@Singleton
public class XrayIdGenerator implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();
    private static final ThreadLocal<String> NEXT_ROOT = new ThreadLocal<>();

    /** The next root span started on this thread gets {@code traceId}; null forgets an unused one. */
    public static void useForNextRoot(String traceId) {
        if (traceId == null) {
            NEXT_ROOT.remove();
        } else {
            NEXT_ROOT.set(traceId);
        }
    }

    @Override
    public String generateSpanId() {
        return RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String named = NEXT_ROOT.get();
        if (named != null) {
            NEXT_ROOT.remove();
            return named;
        }
        return newTraceId();
    }

    /** A fresh X-Ray-style trace ID. */
    static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long epochSeconds = System.currentTimeMillis() / 1000;
        long high = (epochSeconds << 32) | (random.nextLong() & 0xFFFFFFFFL);
        return TraceId.fromLongs(high, random.nextLong());
    }
}
