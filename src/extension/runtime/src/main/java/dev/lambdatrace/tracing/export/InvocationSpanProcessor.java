package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.lambdatrace.runtime.ExecutionEnvironment;
import dev.lambdatrace.tracing.attributes.FunctionResource;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The export pipeline: holds the sampled spans that ended since the last flush, and on {@link #flush} sends them in
 * one request on the calling thread. Unlike the SDK's processors it waits only for this flush's spans, never for an
 * older export that a silent collector left hanging, and it knows exactly how many spans a failed flush dropped.
 * <p>
 * It also knows when an invocation is open: a span that ends after its invocation's flush took the buffer is late.
 * It waits for the next flush, which may come only after Lambda has frozen and thawed the sandbox.
 */
@Singleton
public class InvocationSpanProcessor implements SpanProcessor {

    private static final Logger LOG = Logger.getLogger(InvocationSpanProcessor.class);

    /** What one flush delivered, what it dropped, and why. */
    public record FlushOutcome(int delivered, int dropped, String failure) {
    }

    // A function that ends spans but never flushes (say, a background thread) must not grow without bound.
    static final int MAX_BUFFERED_SPANS = 2048;

    private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger overflowed = new AtomicInteger();
    private final LogThrottle late = new LogThrottle();
    private final SpanTransport transport;
    private final Duration flushTimeout;
    private final FunctionResource resource;
    private final Clock clock = Clock.getDefault();
    // One invocation at a time (classic Lambda): a span that ends after its invocation's flush is late. With many at
    // once (Managed Instances) there is no such thing as the open invocation, and nothing is frozen.
    private final boolean oneInvocationAtATime;
    // The start (SDK clock) of the open invocation; 0 between an invocation's flush and the next invocation.
    private volatile long openSinceEpochNanos;

    @Inject
    InvocationSpanProcessor(ExportTarget target, FunctionResource resource) {
        this(target, resource, !ExecutionEnvironment.current().managedInstances());
    }

    InvocationSpanProcessor(ExportTarget target, FunctionResource resource, boolean oneInvocationAtATime) {
        this.transport = target.transport();
        this.flushTimeout = target.flushTimeout();
        this.resource = resource;
        this.oneInvocationAtATime = oneInvocationAtATime;
    }

    /** An invocation starts: spans started from now on belong to it until its flush. */
    public void invocationStarted() {
        if (oneInvocationAtATime) {
            openSinceEpochNanos = clock.now();
        }
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
        SpanData data = span.toSpanData();
        long openSince = openSinceEpochNanos;
        if (oneInvocationAtATime && (openSince == 0 || data.getStartEpochNanos() < openSince)) {
            onLate(data.getName());
        }
        if (buffered.incrementAndGet() > MAX_BUFFERED_SPANS) {
            buffered.decrementAndGet();
            overflowed.incrementAndGet();
            return;
        }
        ended.add(data);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Whether spans wait for a flush. */
    public boolean hasBuffered() {
        return buffered.get() > 0 || overflowed.get() > 0;
    }

    /** How long a flush waits for the collector, at most: {@code quarkus.lambda-tracing.flush-timeout} or the OTel timeouts. */
    public Duration flushTimeout() {
        return flushTimeout;
    }

    /** How many spans wait for a flush. */
    public int bufferedSpans() {
        return buffered.get();
    }

    /** Spans that ended after their invocation's flush, since the process started. */
    public long lateSpans() {
        return late.count();
    }

    /** Sends every span ended so far and closes the open invocation; never throws. */
    public FlushOutcome flush(Duration timeout) {
        return flush(timeout, Integer.MAX_VALUE);
    }

    /** Sends at most {@code maxSpans} of the spans ended so far, oldest first, in one request; never throws. */
    public FlushOutcome flush(Duration timeout, int maxSpans) {
        List<SpanData> batch = drain(maxSpans);
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

    /** Drops every span ended so far and closes the open invocation: there is no time left to send them. */
    public int dropBuffered() {
        return drain(Integer.MAX_VALUE).size() + overflowed.getAndSet(0);
    }

    @Override
    public CompletableResultCode forceFlush() {
        return flush(flushTimeout).dropped() == 0 ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    /** On shutdown (SIGTERM), what is still buffered goes out within the flush timeout. */
    @Override
    public CompletableResultCode shutdown() {
        return forceFlush();
    }

    private List<SpanData> drain(int maxSpans) {
        openSinceEpochNanos = 0;
        List<SpanData> batch = new ArrayList<>();
        SpanData span;
        while (batch.size() < maxSpans && (span = ended.poll()) != null) {
            batch.add(new ResourcedSpanData(span, resource.mergedWith(span.getResource())));
        }
        buffered.addAndGet(-batch.size());
        return batch;
    }

    private void onLate(String name) {
        long count = late.countOne();
        if (count > 0) {
            LOG.warnf("Span '%s' ended after its invocation's flush; it leaves with the next flush, after Lambda may "
                    + "have frozen the sandbox (%d late span(s) so far). End spans before the handler returns.",
                    name, count);
        }
    }
}
