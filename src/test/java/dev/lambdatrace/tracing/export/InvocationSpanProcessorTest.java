package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lambdatrace.tracing.config.TracingConfig;
import dev.lambdatrace.tracing.xray.XrayDaemonAddress;
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
    final InvocationSpanProcessor processor = new InvocationSpanProcessor(transport, config(Duration.ofSeconds(1)));
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();

    @Test
    void flushSendsEverySpanEndedSinceTheLastFlushInOneRequest() {
        // given
        endSpans(3);

        // when
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        // then
        assertEquals(3, outcome.delivered());
        assertEquals(0, outcome.dropped());
        assertNull(outcome.failure());
        assertEquals(1, sent.size());
        assertEquals(3, sent.get(0).size());
    }

    @Test
    void flushWithNothingEndedSendsNothing() {
        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        assertEquals(0, outcome.delivered());
        assertEquals(0, outcome.dropped());
        assertTrue(sent.isEmpty());
    }

    @Test
    void failedSendDropsExactlyTheSpansOfThatFlush() {
        // given
        endSpans(2);
        failWith = new IOException("refused");

        // when
        InvocationSpanProcessor.FlushOutcome failed = processor.flush(Duration.ofSeconds(1));
        failWith = null;
        endSpans(1);
        InvocationSpanProcessor.FlushOutcome next = processor.flush(Duration.ofSeconds(1));

        // then
        assertEquals(2, failed.dropped());
        assertTrue(failed.failure().contains("refused"), failed.failure());
        assertEquals(1, next.delivered());
        assertEquals(0, next.dropped());
    }

    @Test
    void unsampledSpansAreNeverBuffered() {
        SpanContext unsampled = SpanContext.createFromRemoteParent("5759e988bd862e3fe1be46a994272793",
                "53995c3f42cd8ad8", TraceFlags.getDefault(), TraceState.getDefault());
        tracerProvider.get("test").spanBuilder("child of an unsampled parent")
                .setParent(Context.root().with(Span.wrap(unsampled))).startSpan().end();

        assertEquals(0, processor.flush(Duration.ofSeconds(1)).delivered());
    }

    @Test
    void spansBeyondTheBufferLimitAreDroppedAndCountedAtTheNextFlush() {
        endSpans(InvocationSpanProcessor.MAX_BUFFERED_SPANS + 5);

        InvocationSpanProcessor.FlushOutcome outcome = processor.flush(Duration.ofSeconds(1));

        assertEquals(InvocationSpanProcessor.MAX_BUFFERED_SPANS, outcome.delivered());
        assertEquals(5, outcome.dropped());
        assertEquals(0, processor.flush(Duration.ofSeconds(1)).dropped());
    }

    private void endSpans(int count) {
        for (int i = 0; i < count; i++) {
            tracerProvider.get("test").spanBuilder("span " + i).startSpan().end();
        }
    }

    static TracingConfig config(Duration flushTimeout) {
        return new TracingConfig() {
            @Override
            public Duration flushTimeout() {
                return flushTimeout;
            }

            @Override
            public Exporter exporter() {
                return Exporter.OTLP;
            }

            @Override
            public String endpoint() {
                return "http://localhost:4318/v1/traces";
            }

            @Override
            public String xrayDaemonAddress() {
                return XrayDaemonAddress.DEFAULT;
            }
        };
    }
}
