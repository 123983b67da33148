package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.attributes.FunctionResource;
import dev.lambdatrace.tracing.config.ConfigSource;
import dev.lambdatrace.tracing.config.ResourceSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

class InvocationSpanProcessorTest {

    final List<List<SpanData>> sent = new ArrayList<>();
    IOException failWith;

    final SpanTransport transport = (spans, timeout) -> {
        if (failWith != null) {
            throw failWith;
        }
        sent.add(List.copyOf(spans));
        return SpanTransport.Sent.ALL;
    };
    final InvocationSpanProcessor processor = new InvocationSpanProcessor(
            new ExportTarget(transport, Duration.ofSeconds(1)), functionResource());
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();

    @Test
    void flushSendsEverySpanEndedSinceTheLastFlushInOneRequest() {
        // given
        processor.invocationStarted();
        endSpans(3);

        // when
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        // then
        assertEquals(3, outcome.delivered());
        assertEquals(0, outcome.dropped());
        assertNull(outcome.failure());
        assertEquals(1, sent.size());
        assertEquals(3, sent.get(0).size());
        assertEquals(0, processor.lateSpans());
    }

    @Test
    void exportedSpansCarryTheFunctionsResource() {
        processor.invocationStarted();
        endSpans(1);

        processor.flush(Duration.ofSeconds(1));

        assertEquals("traced", sent.get(0).get(0).getResource().getAttribute(AttributeKey.stringKey("faas.name")));
    }

    @Test
    void flushWithNothingEndedSendsNothing() {
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        assertEquals(0, outcome.delivered());
        assertEquals(0, outcome.dropped());
        assertTrue(sent.isEmpty());
        assertFalse(processor.hasBuffered());
    }

    @Test
    void failedSendDropsExactlyTheSpansOfThatFlush() {
        // given
        processor.invocationStarted();
        endSpans(2);
        failWith = new IOException("refused");

        // when
        InvocationSpanProcessor.FlushOutcome failed = processor.flush(Duration.ofSeconds(1));
        failWith = null;
        processor.invocationStarted();
        endSpans(1);
        InvocationSpanProcessor.FlushOutcome next = processor.flush(Duration.ofSeconds(1));

        // then
        assertEquals(2, failed.dropped());
        assertTrue(failed.failure().contains("refused"), failed.failure());
        assertEquals(1, next.delivered());
        assertEquals(0, next.dropped());
    }

    @Test
    void spanThatEndsAfterItsInvocationsFlushIsLateAndLeavesWithTheNextFlush() {
        // given: a span of this invocation still running when the invocation flushes
        processor.invocationStarted();
        Span straggler = tracerProvider.get("test").spanBuilder("background").startSpan();
        processor.flush(Duration.ofSeconds(1));

        // when
        straggler.end();

        // then
        assertEquals(1, processor.lateSpans());
        assertTrue(processor.hasBuffered());
        processor.invocationStarted();
        assertEquals(1, processor.flush(Duration.ofSeconds(1)).delivered());
    }

    @Test
    void spanStartedInAnEarlierInvocationIsLateEvenIfItEndsDuringTheNextOne() {
        processor.invocationStarted();
        Span straggler = tracerProvider.get("test").spanBuilder("background").startSpan();
        processor.flush(Duration.ofSeconds(1));
        sleepAMillisecond();
        processor.invocationStarted();

        straggler.end();
        endSpans(1);

        assertEquals(1, processor.lateSpans(), "only the straggler is late");
    }

    @Test
    void droppingTheBufferCountsAndForgetsItsSpans() {
        processor.invocationStarted();
        endSpans(2);

        assertEquals(2, processor.dropBuffered());

        assertFalse(processor.hasBuffered());
        assertEquals(0, processor.flush(Duration.ofSeconds(1)).delivered());
    }

    @Test
    void shutdownSendsWhatIsStillBuffered() {
        processor.invocationStarted();
        endSpans(2);

        assertTrue(processor.shutdown().isSuccess());

        assertEquals(2, sent.get(0).size());
    }

    @Test
    void unsampledSpansAreNeverBuffered() {
        SpanContext unsampled = SpanContext.createFromRemoteParent("5759e988bd862e3fe1be46a994272793",
                "53995c3f42cd8ad8", TraceFlags.getDefault(), TraceState.getDefault());
        tracerProvider.get("test").spanBuilder("child of an unsampled parent")
                .setParent(Context.root().with(Span.wrap(unsampled))).startSpan().end();

        assertFalse(processor.hasBuffered());
        assertEquals(0, processor.flush(Duration.ofSeconds(1)).delivered());
    }

    @Test
    void spansBeyondTheBufferLimitAreDroppedAndCountedAtTheNextFlush() {
        processor.invocationStarted();
        endSpans(InvocationSpanProcessor.MAX_BUFFERED_SPANS + 5);

        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        assertEquals(InvocationSpanProcessor.MAX_BUFFERED_SPANS, outcome.delivered());
        assertEquals(5, outcome.dropped());
        assertEquals(0, processor.flush(Duration.ofSeconds(1)).dropped());
    }

    static FunctionResource functionResource() {
        return new FunctionResource(Map.of("AWS_LAMBDA_FUNCTION_NAME", "traced"),
                ResourceSettings.resolve(ConfigSource.of(Map.of())));
    }

    private void endSpans(int count) {
        for (int i = 0; i < count; i++) {
            tracerProvider.get("test").spanBuilder("span " + i).startSpan().end();
        }
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
