package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.lambdatrace.tracing.config.TracingConfig;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The export pipeline: holds the sampled spans that ended since the last flush, and on {@link #flush} sends them in
 * one request on the calling thread. Unlike the SDK's processors it waits only for this flush's spans, never for an
 * older export that a silent collector left hanging, and it knows exactly how many spans a failed flush dropped.
 */
@Singleton
public class InvocationSpanProcessor implements SpanProcessor {

    /** What one flush delivered, what it dropped, and why. */
    record FlushOutcome(int delivered, int dropped, String failure) {
    }

    // A function that ends spans but never flushes (say, a background thread) must not grow without bound.
    static final int MAX_BUFFERED_SPANS = 2048;

    private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger overflowed = new AtomicInteger();
    private final SpanTransport transport;
    private final Duration flushTimeout;

    @Inject
    InvocationSpanProcessor(SpanTransport transport, TracingConfig config) {
        this.transport = transport;
        this.flushTimeout = config.flushTimeout();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        if (buffered.incrementAndGet() > MAX_BUFFERED_SPANS) {
            buffered.decrementAndGet();
            overflowed.incrementAndGet();
            return;
        }
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Sends every span ended so far; never throws. */
    FlushOutcome flush(Duration timeout) {
        List<SpanData> batch = new ArrayList<>();
        for (SpanData span = ended.poll(); span != null; span = ended.poll()) {
            batch.add(span);
        }
        buffered.addAndGet(-batch.size());
        int overflow = overflowed.getAndSet(0);
        String overflowReason = overflow == 0 ? null : "more than " + MAX_BUFFERED_SPANS + " spans waited for a flush";
        if (batch.isEmpty()) {
            return new FlushOutcome(0, overflow, overflowReason);
        }
        try {
            SpanTransport.Sent sent = transport.send(batch, timeout);
            String reason = sent.reason() == null ? overflowReason
                    : overflowReason == null ? sent.reason() : sent.reason() + "; " + overflowReason;
            return new FlushOutcome(batch.size() - sent.dropped(), sent.dropped() + overflow, reason);
        } catch (IOException | RuntimeException e) {
            return new FlushOutcome(0, batch.size() + overflow, e.toString());
        }
    }

    @Override
    public CompletableResultCode forceFlush() {
        return flush(flushTimeout).dropped() == 0 ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode shutdown() {
        return forceFlush();
    }
}
