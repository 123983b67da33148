package dev.lambdatrace.tracing.export;

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

    public RecordingFlusher() {
        SpanTransport transport = (spans, timeout) -> {
            sent.add(List.copyOf(spans));
            sendingThreads.add(Thread.currentThread().getName());
            return SpanTransport.Sent.ALL;
        };
        ExportTarget target = new ExportTarget(transport, Duration.ofSeconds(1), true);
        processor = new InvocationSpanProcessor(target, InvocationSpanProcessorTest.functionResource());
        flusher = new SpanFlusher(processor, new DroppedSpans(), target);
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
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
