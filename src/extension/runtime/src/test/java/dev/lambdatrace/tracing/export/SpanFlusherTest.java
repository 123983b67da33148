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
            new ExportTarget(transport, Duration.ofSeconds(1)), InvocationSpanProcessorTest.functionResource());
    final DroppedSpans dropped = new DroppedSpans();
    final SpanFlusher flusher = new SpanFlusher(processor, dropped);
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();

    @Test
    void withPlentyOfTimeLeftTheFlushTimeoutBounds() {
        assertEquals(Duration.ofSeconds(1), flusher.bound(InvocationDeadline.startingWith(10_000)));
        assertEquals(Duration.ofSeconds(1), flusher.bound(InvocationDeadline.UNKNOWN));
    }

    @Test
    void marginIsATenthOfTheInvocationsBudgetWithinAFloorAndACeiling() {
        assertEquals(Duration.ofMillis(300), SpanFlusher.margin(new InvocationDeadline(1, 3_000)));
        assertEquals(Duration.ofMillis(200), SpanFlusher.margin(new InvocationDeadline(1, 1_000)), "floor");
        assertEquals(Duration.ofMillis(200), SpanFlusher.margin(new InvocationDeadline(1, 50)), "floor");
        assertEquals(Duration.ofSeconds(1), SpanFlusher.margin(new InvocationDeadline(1, 900_000)), "ceiling");
    }

    @Test
    void processsFirstInvocationKeepsTheCeilingForItsColdAnswer() {
        assertEquals(Duration.ofSeconds(1), SpanFlusher.margin(new InvocationDeadline(1, 3_000, true)));
    }

    @Test
    void nearTheDeadlineTheTimeLeftLessTheMarginBounds() {
        // given: a 3 s invocation with 700 ms left, so its margin is 300 ms
        InvocationDeadline deadline = new InvocationDeadline(System.currentTimeMillis() + 700, 3_000);

        // when
        Duration bound = flusher.bound(deadline);

        // then: at most 400 ms, less whatever this thread took since the deadline was read
        assertTrue(bound.toMillis() <= 400 && bound.toMillis() > 0, bound.toString());
    }

    @Test
    void withNoTimeLeftTheSpansAreDroppedAndCountedWithoutSending() {
        // given
        processor.invocationStarted();
        tracerProvider.get("test").spanBuilder("root").startSpan().end();

        // when: less time left than the margin
        flusher.flush(new InvocationDeadline(System.currentTimeMillis() + 150, 1_000));

        // then
        assertTrue(sendBounds.isEmpty(), "nothing sent");
        assertEquals(1, dropped.total());
        assertFalse(flusher.hasWork());
    }

    @Test
    void flushNearTheDeadlineSendsWithTheShortenedBound() {
        processor.invocationStarted();
        tracerProvider.get("test").spanBuilder("root").startSpan().end();

        flusher.flush(new InvocationDeadline(System.currentTimeMillis() + 500, 1_000));

        assertEquals(1, sendBounds.size());
        assertTrue(sendBounds.get(0).toMillis() <= 300 && sendBounds.get(0).toMillis() > 0, sendBounds.toString());
        assertEquals(0, dropped.total());
    }
}
