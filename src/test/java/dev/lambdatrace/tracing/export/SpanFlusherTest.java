package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.trace.SdkTracerProvider;

class SpanFlusherTest {

    final List<Duration> sendBounds = new ArrayList<>();
    final SpanTransport transport = (spans, timeout) -> {
        sendBounds.add(timeout);
        return SpanTransport.Sent.ALL;
    };
    final InvocationSpanProcessor processor = new InvocationSpanProcessor(
            new ExportTarget(transport, Duration.ofSeconds(1), true), InvocationSpanProcessorTest.functionResource());
    final DroppedSpans dropped = new DroppedSpans();
    final SpanFlusher flusher = new SpanFlusher(processor, dropped,
            new ExportTarget(transport, Duration.ofSeconds(1), true));
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();

    @Test
    void withPlentyOfTimeLeftTheFlushTimeoutBounds() {
        assertEquals(Duration.ofSeconds(1), flusher.bound(InvocationDeadline.in(10_000)));
        assertEquals(Duration.ofSeconds(1), flusher.bound(InvocationDeadline.UNKNOWN));
    }

    @Test
    void nearTheDeadlineTheTimeLeftLessTheMarginBounds() {
        assertEquals(Duration.ofMillis(250), flusher.bound(InvocationDeadline.in(300)));
    }

    @Test
    void withNoTimeLeftTheSpansAreDroppedAndCountedWithoutSending() {
        // given
        processor.invocationStarted();
        tracerProvider.get("test").spanBuilder("root").startSpan().end();

        // when
        flusher.flush(InvocationDeadline.in(SpanFlusher.DEADLINE_MARGIN.toMillis() - 10));

        // then
        assertTrue(sendBounds.isEmpty(), "nothing sent");
        assertEquals(1, dropped.total());
        assertFalse(flusher.hasWork());
    }

    @Test
    void flushNearTheDeadlineSendsWithTheShortenedBound() {
        processor.invocationStarted();
        tracerProvider.get("test").spanBuilder("root").startSpan().end();

        flusher.flush(InvocationDeadline.in(200));

        assertEquals(List.of(Duration.ofMillis(150)), sendBounds);
        assertEquals(0, dropped.total());
    }
}
