package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

class LambdaTraceHeaderTest {

    static final String PROPERTY = "com.amazonaws.xray.traceHeader";

    @AfterEach
    void clearHeader() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void sampledHeaderBecomesARemoteSampledParent() {
        // given
        System.setProperty(PROPERTY, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

        // when
        SpanContext parent = Span.fromContext(LambdaTraceHeader.parentContext()).getSpanContext();

        // then
        assertTrue(parent.isValid());
        assertTrue(parent.isRemote());
        assertTrue(parent.isSampled());
        assertEquals("5759e988bd862e3fe1be46a994272793", parent.getTraceId());
        assertEquals("53995c3f42cd8ad8", parent.getSpanId());
    }

    @Test
    void unsampledHeaderBecomesAnUnsampledParent() {
        System.setProperty(PROPERTY, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");

        SpanContext parent = Span.fromContext(LambdaTraceHeader.parentContext()).getSpanContext();

        assertTrue(parent.isValid());
        assertFalse(parent.isSampled());
    }

    @Test
    void fieldOrderDoesNotMatter() {
        System.setProperty(PROPERTY, "Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793");

        SpanContext parent = Span.fromContext(LambdaTraceHeader.parentContext()).getSpanContext();

        assertEquals("53995c3f42cd8ad8", parent.getSpanId());
    }

    @Test
    void missingHeaderGivesTheRootContext() {
        assertEquals(Context.root(), LambdaTraceHeader.parentContext());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Root=not-a-trace;Parent=xyz;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=11",
            "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a994272793?;Parent=53995c3f42cd8ad8;Sampled=1",
            "\u0000\n\t",
            " ",
            "Root"
    })
    void unparsableHeaderNeverGivesAValidParent(String header) {
        System.setProperty(PROPERTY, header);

        SpanContext parent = Span.fromContext(LambdaTraceHeader.parentContext()).getSpanContext();

        assertFalse(parent.isValid(), () -> "parsed a parent out of " + header + ": " + parent);
    }
}
