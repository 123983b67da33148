package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

class LambdaTraceHeaderTest {

    static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
    static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    static final String PARENT = "53995c3f42cd8ad8";

    @AfterEach
    void clearHeader() {
        LambdaTraceHeader.clear();
    }

    @Test
    void sampledHeaderBecomesARemoteSampledParent() {
        // given
        System.setProperty(LambdaTraceHeader.SYSTEM_PROPERTY, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1");

        // when
        SpanContext parent = parentOf(LambdaTraceHeader.current());

        // then
        assertTrue(parent.isValid());
        assertTrue(parent.isRemote());
        assertTrue(parent.isSampled());
        assertEquals(TRACE_ID, parent.getTraceId());
        assertEquals(PARENT, parent.getSpanId());
    }

    @Test
    void unsampledHeaderBecomesAnUnsampledParent() {
        SpanContext parent = parentOf(XrayTraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0"));

        assertTrue(parent.isValid());
        assertFalse(parent.isSampled());
        assertEquals(TRACE_ID, parent.getTraceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793",
            "Parent=53995c3f42cd8ad8;Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793",
            " Root = 1-5759e988-bd862e3fe1be46a994272793 ; Parent= 53995c3f42cd8ad8 ;Sampled =1 ",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Self=1-67891234-12456789abcdef012345678;"
                    + "Parent=53995c3f42cd8ad8;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Lineage=12345:abcdef01:;Sampled=1",
            "root=1-5759E988-BD862E3FE1BE46A994272793;parent=53995C3F42CD8AD8;sampled=1",
            ";;Root=1-5759e988-bd862e3fe1be46a994272793;junk;Parent=53995c3f42cd8ad8;Sampled=1;"
    })
    void headerIsReadInAnyKeyOrderCaseAndSpacingWithSelfAndLineageIgnored(String header) {
        XrayTraceHeader parsed = XrayTraceHeader.parse(header);

        assertEquals(TRACE_ID, parsed.traceId());
        assertEquals(PARENT, parsed.parentSpanId());
        assertEquals(XrayTraceHeader.Sampling.SAMPLED, parsed.sampling());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=2"
    })
    void missingOrDeferredDecisionLeavesItToTheFunctionWhichSamplesUnderLambdasParent(String header) {
        XrayTraceHeader parsed = XrayTraceHeader.parse(header);
        SpanContext parent = parentOf(parsed);

        assertEquals(XrayTraceHeader.Sampling.UNDECIDED, parsed.sampling());
        assertTrue(parent.isSampled());
        assertEquals(TRACE_ID, parent.getTraceId());
        assertEquals(PARENT, parent.getSpanId());
    }

    @Test
    void rootWithoutParentKeepsItsTraceIdForANewRootSpan() {
        XrayTraceHeader parsed = XrayTraceHeader.parse("Root=" + ROOT + ";Sampled=1");

        assertEquals(TRACE_ID, parsed.traceId());
        assertNull(parsed.parentSpanId());
        assertEquals(Context.root(), LambdaTraceHeader.parentContext(parsed), "no parent: the span is a root");
    }

    @Test
    void notSampledWithoutAParentStillRecordsNothing() {
        SpanContext parent = parentOf(XrayTraceHeader.parse("Root=" + ROOT + ";Sampled=0"));

        assertTrue(parent.isValid());
        assertFalse(parent.isSampled());
        assertEquals(TRACE_ID, parent.getTraceId());
    }

    @Test
    void missingHeaderGivesTheRootContext() {
        assertEquals(XrayTraceHeader.ABSENT, LambdaTraceHeader.current());
        assertEquals(Context.root(), LambdaTraceHeader.parentContext(LambdaTraceHeader.current()));
    }

    @Test
    void clearForgetsTheHeaderOfTheInvocationBefore() {
        System.setProperty(LambdaTraceHeader.SYSTEM_PROPERTY, "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1");

        LambdaTraceHeader.clear();

        assertEquals(XrayTraceHeader.ABSENT, LambdaTraceHeader.current());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Root=not-a-trace;Parent=xyz;Sampled=1",
            "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a994272793?;Parent=53995c3f42cd8ad8;Sampled=1",
            "Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=53995c3f42cd8ad8;Sampled=1",
            "\u0000\n\t",
            " ",
            "Root"
    })
    void headerWithoutAValidRootNeverGivesAParent(String header) {
        XrayTraceHeader parsed = XrayTraceHeader.parse(header);

        assertNull(parsed.traceId());
        assertEquals(Context.root(), LambdaTraceHeader.parentContext(parsed));
    }

    @Test
    void rootWhoseEpochLostItsLeadingZerosIsPaddedBack() {
        // AWS writes 1-00000000-... as 1-0-..., e.g. for a 64-bit trace ID that came in through another propagator.
        XrayTraceHeader parsed = XrayTraceHeader.parse("Root=1-0-00000000795bf8769fe8b9c0;Sampled=1");

        assertEquals("0000000000000000795bf8769fe8b9c0", parsed.traceId());
        assertEquals("00000000bd862e3fe1be46a994272793",
                XrayTraceHeader.parse("Root=1-0-bd862e3fe1be46a994272793").traceId());
        assertEquals("005759e9bd862e3fe1be46a994272793",
                XrayTraceHeader.parse("Root=1-5759e9-bd862e3fe1be46a994272793").traceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Root=1--bd862e3fe1be46a994272793",
            "Root=1-d188f8fa79d48a391a778fa6",
            "Root=1-5759e98801-bd862e3fe1be46a994272793",
            "Root=1-0-bd862e3fe1be46a99427279",
            "Root=1-0-bd862e3fe1be46a9942727930",
            "Root=1-0-000000000000000000000000;Parent=" + PARENT
    })
    void rootWithAnEmptyLongOrMisplacedEpochIsInvalid(String header) {
        assertNull(XrayTraceHeader.parse(header).traceId());
    }

    @Test
    void invalidParentIsDroppedButTheRootIsKept() {
        XrayTraceHeader parsed = XrayTraceHeader.parse("Root=" + ROOT + ";Parent=53995c3f42cd8ad;Sampled=1");

        assertEquals(TRACE_ID, parsed.traceId());
        assertNull(parsed.parentSpanId());
    }

    private static SpanContext parentOf(XrayTraceHeader header) {
        return Span.fromContext(LambdaTraceHeader.parentContext(header)).getSpanContext();
    }
}
