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

    /**
     * The SDK's shutdown comes after the extension's own, which exported within the shutdown budget: it sends nothing
     * (a second flush would race the exporter, unbounded by the budget), and counts what is left and every span that
     * ends after it.
     */
    @Test
    void sdkShutdownSendsNothingAndCountsWhatIsLeftAndEverySpanThatEndsAfter() {
        // given
        DroppedSpans dropped = new DroppedSpans();
        InvocationSpanProcessor closing = new InvocationSpanProcessor(new ExportTarget(transport, Duration.ofSeconds(1)),
                functionResource(), false, dropped);
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(closing).build();
        provider.get("test").spanBuilder("left in the buffer").startSpan().end();
        provider.get("test").spanBuilder("also left").startSpan().end();

        // when
        assertTrue(closing.shutdown().isSuccess());
        provider.get("test").spanBuilder("ends after the shutdown").startSpan().end();

        // then
        assertEquals(List.of(), sent, "nothing sent by the SDK's shutdown");
        assertEquals(3, dropped.total());
        assertFalse(closing.hasBuffered());
        assertTrue(closing.forceFlush().isSuccess(), "nothing left to flush");
        assertEquals(List.of(), sent);
    }

    /** Managed Instances: two invocations open at once; one's flush takes its own spans and no other open one's. */
    @Test
    void oneInvocationsFlushAmongManyTakesItsOwnSpansAndNeverAnotherOpenInvocations() {
        // given
        InvocationSpanProcessor concurrent = new InvocationSpanProcessor(
                new ExportTarget(transport, Duration.ofSeconds(1)), functionResource(), false);
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(concurrent).build();
        Span a = provider.get("test").spanBuilder("a").startSpan();
        Span b = provider.get("test").spanBuilder("b").startSpan();
        concurrent.traceOpened(a.getSpanContext().getTraceId());
        concurrent.traceOpened(b.getSpanContext().getTraceId());
        provider.get("test").spanBuilder("orphan, of no invocation").startSpan().end();
        b.end();
        a.end();

        // when: a's flush
        concurrent.flush(Duration.ofSeconds(1), Integer.MAX_VALUE, a.getSpanContext().getTraceId());

        // then: a's span and the orphan; b's waits for b's own flush
        assertEquals(List.of("orphan, of no invocation", "a"),
                sent.get(0).stream().map(SpanData::getName).toList());
        concurrent.flush(Duration.ofSeconds(1), Integer.MAX_VALUE, b.getSpanContext().getTraceId());
        assertEquals(List.of("b"), sent.get(1).stream().map(SpanData::getName).toList());
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

    /** Said when it happens, not at the next flush, which may never come. */
    @Test
    void overflowIsLoggedWhenItHappensOnceInAWhile() {
        // given
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(InvocationSpanProcessor.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        processor.invocationStarted();
        try {
            // when: five spans too many, no flush
            endSpans(InvocationSpanProcessor.MAX_BUFFERED_SPANS + 5);
        } finally {
            logger.removeHandler(capture);
        }

        // then: the first logged at once, the later ones at powers of two
        assertEquals(3, warnings.stream().filter(warning -> warning.startsWith("More than")).count(), warnings.toString());
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
