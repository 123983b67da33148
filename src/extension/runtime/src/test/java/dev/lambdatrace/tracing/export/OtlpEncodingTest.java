package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

class OtlpEncodingTest {

    @Test
    void largeBatchIsEncodedWholeAndItsBufferIsNotKeptForTheProcessesLife() throws Exception {
        // given: a background export's batch of a thousand spans, each with a long attribute
        OtlpEncoding encoding = new OtlpEncoding();
        List<SpanData> batch = spans(1_000, "x".repeat(200));

        // when
        byte[] large = encoding.encode(batch);
        byte[] small = encoding.encode(spans(1, "y"));

        // then
        assertEquals(1_000, ExportTraceServiceRequest.parseFrom(large).getResourceSpans(0).getScopeSpans(0)
                .getSpansCount());
        assertEquals(1, ExportTraceServiceRequest.parseFrom(small).getResourceSpans(0).getScopeSpans(0)
                .getSpansCount());
        assertTrue(large.length > OtlpEncoding.KEPT_BYTES, large.length + " bytes");
        assertTrue(encoding.retainedBytes() <= OtlpEncoding.KEPT_BYTES, encoding.retainedBytes() + " bytes kept");
    }

    private static List<SpanData> spans(int count, String value) {
        List<SpanData> ended = new ArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                ended.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        }).build();
        for (int i = 0; i < count; i++) {
            provider.get("test").spanBuilder("span " + i).setAttribute("value", value).startSpan().end();
        }
        return ended;
    }
}
