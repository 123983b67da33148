package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

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
 * It waits for the next flush, which may come only after Lambda has frozen and thawed the sandbox. With many
 * invocations at once (Managed Instances), a flush of one invocation takes its own spans, and those of no open
 * invocation, never another's still open. Once shut down, it takes no span: each that ends is counted as dropped.
 */
@Singleton
public class InvocationSpanProcessor implements SpanProcessor {

    private static final Logger LOG = Logger.getLogger(InvocationSpanProcessor.class);

    /** What one flush delivered, what it dropped, and why. */
    public record FlushOutcome(int delivered, int dropped, String failure) {
    }

    // A function that ends spans but never flushes (say, a background thread) must not grow without bound: the
    // batch span processor's queue, OTEL_BSP_MAX_QUEUE_SIZE, 2048 by default.
    static final int MAX_BUFFERED_SPANS = 2048;

    private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger overflowed = new AtomicInteger();
    private final LogThrottle late = new LogThrottle();
    private final LogThrottle overflowing = new LogThrottle();
    // The traces of the invocations open now, for the flush of one of them among many (Managed Instances).
    private final Set<String> openTraces = ConcurrentHashMap.newKeySet();
    private final DroppedSpans dropped;
    private final int maxQueueSize;
    private volatile BooleanSupplier forceFlush;
    private volatile boolean closed;
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
    InvocationSpanProcessor(ExportTarget target, FunctionResource resource, DroppedSpans dropped) {
        this(target, resource, !ExecutionEnvironment.current().managedInstances(), dropped);
    }

    InvocationSpanProcessor(ExportTarget target, FunctionResource resource) {
        this(target, resource, true, new DroppedSpans());
    }

    InvocationSpanProcessor(ExportTarget target, FunctionResource resource, boolean oneInvocationAtATime) {
        this(target, resource, oneInvocationAtATime, new DroppedSpans());
    }

    InvocationSpanProcessor(ExportTarget target, FunctionResource resource, boolean oneInvocationAtATime,
            DroppedSpans dropped) {
        this.transport = target.transport();
        this.flushTimeout = target.flushTimeout();
        this.maxQueueSize = target.maxQueueSize();
        this.resource = resource;
        this.oneInvocationAtATime = oneInvocationAtATime;
        this.dropped = dropped;
        this.forceFlush = () -> flush(flushTimeout).dropped() == 0;
    }

    /** An invocation starts: spans started from now on belong to it until its flush. */
    public void invocationStarted() {
        if (oneInvocationAtATime) {
            openSinceEpochNanos = clock.now();
        }
    }

    /** The invocation's root span started in trace {@code traceId}; with many at once, its spans are its own flush's. */
    public void traceOpened(String traceId) {
        if (!oneInvocationAtATime) {
            openTraces.add(traceId);
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
        if (closed) {
            dropped.onUnacknowledged(1, "span '" + span.getName() + "' ended after the tracer provider shut down");
            return;
        }
        SpanData data = span.toSpanData();
        long openSince = openSinceEpochNanos;
        if (oneInvocationAtATime && (openSince == 0 || data.getStartEpochNanos() < openSince)) {
            onLate(data.getName());
        }
        if (buffered.incrementAndGet() > maxQueueSize) {
            buffered.decrementAndGet();
            overflowed.incrementAndGet();
            onOverflow();
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
        return flush(timeout, maxSpans, null);
    }

    /**
     * Sends at most {@code maxSpans} spans in one request, oldest first; never throws. With {@code ownTrace}, one
     * invocation's flush among many: its trace's spans, and those of no open invocation; then the trace is closed.
     */
    public FlushOutcome flush(Duration timeout, int maxSpans, String ownTrace) {
        List<SpanData> batch = ownTrace == null ? drain(maxSpans) : drainOwn(ownTrace, maxSpans);
        int overflow = overflowed.getAndSet(0);
        String overflowReason = overflow == 0 ? null : "more than " + maxQueueSize + " spans waited for a flush";
        if (batch.isEmpty()) {
            return new FlushOutcome(0, overflow, overflowReason);
        }
        try {
            SpanTransport.Sent sent = transport.send(batch, timeout);
            String reason = sent.reason() == null ? overflowReason
                    : overflowReason == null ? sent.reason() : sent.reason() + "; " + overflowReason;
            return new FlushOutcome(batch.size() - sent.dropped(), sent.dropped() + overflow, reason);
        } catch (IOException | RuntimeException | Error e) {
            // Whatever the transport threw, these spans did not leave: counted, never lost in silence.
            return new FlushOutcome(0, batch.size() + overflow, e.toString());
        }
    }

    /** Drops every span ended so far and closes the open invocation: there is no time left to send them. */
    public int dropBuffered() {
        return drain(Integer.MAX_VALUE).size() + overflowed.getAndSet(0);
    }

    /** The flush a caller of {@link #forceFlush} gets: the extension's own, accounted for like any other. */
    public void forceFlushBy(BooleanSupplier flush) {
        this.forceFlush = flush;
    }

    /**
     * A flush asked for by the SDK's caller (an application's {@code forceFlush}); bounded by the flush timeout.
     * Once shut down, there is nothing left to flush: the extension's shutdown sent or counted every span.
     */
    @Override
    public CompletableResultCode forceFlush() {
        if (closed) {
            return CompletableResultCode.ofSuccess();
        }
        return forceFlush.getAsBoolean() ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    /**
     * The SDK's shutdown, which Quarkus asks for after the extension's own ({@code ShutdownTracing}) has exported
     * within the shutdown budget: nothing more leaves, and whatever is still here, or ends later, is counted as
     * dropped. It never sends, so it cannot race the exporter or outlive the budget.
     */
    @Override
    public CompletableResultCode shutdown() {
        closed = true;
        int left = dropBuffered();
        if (left > 0) {
            dropped.onUnacknowledged(left, "they were still buffered when the tracer provider shut down");
        }
        return CompletableResultCode.ofSuccess();
    }

    /** Ends the transport's send in flight at once, and every later one, with {@code reason}. */
    void abortSends(String reason) {
        transport.abort(reason);
    }

    /** Whether the processor was shut down. */
    public boolean closed() {
        return closed;
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

    /** One invocation's spans among many: its own trace's, and those of no open invocation (orphans, late ones). */
    private List<SpanData> drainOwn(String ownTrace, int maxSpans) {
        List<SpanData> batch = new ArrayList<>();
        for (SpanData span : ended) {
            if (batch.size() >= maxSpans) {
                break;
            }
            String trace = span.getTraceId();
            // remove() claims the span: two flushes at once never both send it.
            if ((trace.equals(ownTrace) || !openTraces.contains(trace)) && ended.remove(span)) {
                batch.add(new ResourcedSpanData(span, resource.mergedWith(span.getResource())));
            }
        }
        buffered.addAndGet(-batch.size());
        // Closed only now: until its own flush has its spans, no other flush may take them.
        openTraces.remove(ownTrace);
        return batch;
    }

    private void onOverflow() {
        long count = overflowing.countOne();
        if (count > 0) {
            LOG.warnf("More than %d spans wait for a flush; the ones that end now are dropped, and counted as dropped "
                    + "at the next flush (%d so far).", maxQueueSize, count);
        }
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
