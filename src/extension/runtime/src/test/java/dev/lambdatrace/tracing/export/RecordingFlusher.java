package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A real {@link SpanFlusher} over a transport that records what it is given, for the tests of whoever calls the
 * flush (the flush strategies), outside this package.
 */
public final class RecordingFlusher {

    private final List<List<SpanData>> sent = new CopyOnWriteArrayList<>();
    private final List<String> sendingThreads = new CopyOnWriteArrayList<>();
    private final InvocationSpanProcessor processor;
    private final SpanFlusher flusher;
    private final SdkTracerProvider tracerProvider;

    private final DroppedSpans dropped = new DroppedSpans();
    private final boolean silent;
    private final java.util.concurrent.atomic.AtomicReference<Error> throwOnce =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger sendsStarted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
    private volatile String abortReason;

    public RecordingFlusher() {
        this(false);
    }

    private RecordingFlusher(boolean silent) {
        this.silent = silent;
        SpanTransport transport = new SpanTransport() {
            @Override
            public Sent send(java.util.Collection<SpanData> spans, Duration timeout) throws IOException {
                sendsStarted.incrementAndGet();
                Error once = throwOnce.getAndSet(null);
                if (once != null) {
                    throw once;
                }
                if (silent) {
                    // A collector that never answers: the send takes its whole bound, or ends at an abort, and fails.
                    if (awaitAbort(timeout)) {
                        throw new IOException(abortReason);
                    }
                    throw new IOException("no answer within " + timeout.toMillis() + " ms");
                }
                sent.add(List.copyOf(spans));
                sendingThreads.add(Thread.currentThread().getName());
                return SpanTransport.Sent.ALL;
            }

            @Override
            public void abort(String reason) {
                abortReason = reason;
                aborted.countDown();
            }
        };
        ExportTarget target = new ExportTarget(transport, Duration.ofSeconds(1));
        processor = new InvocationSpanProcessor(target, InvocationSpanProcessorTest.functionResource());
        flusher = new SpanFlusher(processor, dropped);
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    }

    /** A flusher whose transport throws {@code error} on its first send, then delivers. */
    public static RecordingFlusher throwingOnce(Error error) {
        RecordingFlusher flusher = new RecordingFlusher(false);
        flusher.throwOnce.set(error);
        return flusher;
    }

    /** A flusher whose collector takes every export and never answers. */
    public static RecordingFlusher silent() {
        return new RecordingFlusher(true);
    }

    /** Spans dropped so far. */
    public long dropped() {
        return dropped.total();
    }

    /** A span, started and ended now, outside any invocation (as on Managed Instances, where none is open). */
    public void endSpan(String name) {
        tracerProvider.get("test").spanBuilder(name).startSpan().end();
    }

    private boolean awaitAbort(Duration duration) throws IOException {
        try {
            return aborted.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /** Sends begun so far, answered or not. */
    public int sendsStarted() {
        return sendsStarted.get();
    }

    public SpanFlusher flusher() {
        return flusher;
    }

    /** An invocation's root span, started and ended now. */
    public void endRootSpan(String name) {
        processor.invocationStarted();
        tracerProvider.get("test").spanBuilder(name).startSpan().end();
    }

    /** Every batch sent so far. */
    public List<List<SpanData>> sent() {
        return List.copyOf(sent);
    }

    /** The thread each batch was sent on. */
    public List<String> sendingThreads() {
        return List.copyOf(sendingThreads);
    }
}
