package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * Every header case of our tests, read by our parser and by contrib's {@link AwsXrayLambdaPropagator} (which reads
 * the same system property, then {@code _X_AMZN_TRACE_ID}). Each row pins the root span this function must start
 * and the one contrib's propagator would give, with the SDK's default parent-based sampler in both. A row where the
 * two differ is a contrib behaviour that our parser replaces; the day a contrib upgrade changes a row, this fails
 * and names the case that could move to contrib.
 */
class AwsXrayPropagatorComparisonTest {

    static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
    static final String PARENT = "53995c3f42cd8ad8";
    static final String R = "Root=1-5759e988-bd862e3fe1be46a994272793";
    static final String P = "Parent=53995c3f42cd8ad8";

    /** Lambda's parent joined and the span recorded. */
    static final RootSpan JOINS = new RootSpan(TRACE_ID, PARENT, true);
    /** Nothing recorded or sent, in Lambda's trace. */
    static final RootSpan NOT_RECORDED = new RootSpan(TRACE_ID, null, false);
    /** A recorded root span that keeps the header's Root as its trace ID. */
    static final RootSpan KEEPS_ROOT = new RootSpan(TRACE_ID, "", true);
    /** A recorded root span in a new trace whose ID starts with the current epoch second. */
    static final RootSpan NEW_TRACE = new RootSpan(RootSpan.NEW, "", true);
    /** Lambda's parent joined under the Root {@code 1-0-00000000795bf8769fe8b9c0}. */
    static final RootSpan SHORT_EPOCH = new RootSpan("0000000000000000795bf8769fe8b9c0", PARENT, true);
    /** {@code extract} threw. */
    static final RootSpan THROWS = new RootSpan(null, null, false);

    private static SdkTracerProvider tracerProvider;
    private static Tracer tracer;

    static Stream<Arguments> cases() {
        return Stream.of(
                // The header as Lambda sends it, and the forms our tests read the same way.
                row(R + ";" + P + ";Sampled=1", JOINS, JOINS),
                row("Sampled=1;" + P + ";" + R, JOINS, JOINS),
                row(P + ";Sampled=1;" + R, JOINS, JOINS),
                row(R + ";Self=1-67891234-12456789abcdef012345678;" + P + ";Sampled=1", JOINS, JOINS),
                row(R + ";" + P + ";Sampled=1;Lineage=a87bd80c:1|68fd508a:5", JOINS, JOINS),
                // contrib keeps " 1-..." untrimmed after '=', so Root and Parent have the wrong length.
                row(" Root = 1-5759e988-bd862e3fe1be46a994272793 ; Parent= 53995c3f42cd8ad8 ;Sampled =1 ", JOINS,
                        NEW_TRACE),
                // contrib matches keys case-sensitively, and the OTel API takes lower-case hex only.
                row("root=1-5759E988-BD862E3FE1BE46A994272793;parent=53995C3F42CD8AD8;sampled=1", JOINS, NEW_TRACE),
                // contrib drops the whole header at the first part without '='.
                row(";;" + R + ";junk;" + P + ";Sampled=1;", JOINS, NEW_TRACE),
                // contrib splits this Lineage on ':', String.split drops the empty last field, and reading the third
                // throws ArrayIndexOutOfBoundsException out of extract.
                row(R + ";" + P + ";Lineage=12345:abcdef01:;Sampled=1", JOINS, THROWS),
                row(R + ";" + P + ";Lineage=12345:abcdef01:", JOINS, THROWS),

                // An epoch part that lost its leading zeros, as AWS writes an all-zero one: contrib's case, adopted.
                row("Root=1-0-00000000795bf8769fe8b9c0;" + P + ";Sampled=1", SHORT_EPOCH, SHORT_EPOCH),

                // Sampled=0: nothing recorded. contrib needs a valid Parent to say so; without one it records.
                row(R + ";" + P + ";Sampled=0", NOT_RECORDED, NOT_RECORDED),
                row(R + ";Sampled=0", NOT_RECORDED, NEW_TRACE),

                // No decision, or '?': X-Ray leaves it to the receiver. contrib reads a missing flag as Sampled=0 and
                // drops the whole header on any value but 0 or 1.
                row(R + ";" + P + ";Sampled=?", JOINS, NEW_TRACE),
                row(R + ";" + P, JOINS, NOT_RECORDED),
                row(R + ";" + P + ";Sampled=2", JOINS, NEW_TRACE),

                // A Root without a valid Parent: contrib has no span context to put it in, so the trace is lost.
                row(R + ";Sampled=1", KEEPS_ROOT, NEW_TRACE),
                row(R + ";Parent=53995c3f42cd8ad;Sampled=1", KEEPS_ROOT, NEW_TRACE),

                // No valid Root: a new trace, for both.
                row("Root=not-a-trace;Parent=xyz;Sampled=1", NEW_TRACE, NEW_TRACE),
                row("Root=2-5759e988-bd862e3fe1be46a994272793;" + P + ";Sampled=1", NEW_TRACE, NEW_TRACE),
                row("Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1", NEW_TRACE,
                        NEW_TRACE),
                row("Root=1-5759e988-bd862e3fe1be46a994272793?;" + P + ";Sampled=1", NEW_TRACE, NEW_TRACE),
                row("Root=1-5759e988-bd862e3fe1be46a99427279g;" + P + ";Sampled=1", NEW_TRACE, NEW_TRACE),
                row("\u0000\n\t", NEW_TRACE, NEW_TRACE),
                row(" ", NEW_TRACE, NEW_TRACE),
                row("Root", NEW_TRACE, NEW_TRACE),
                row("garbage", NEW_TRACE, NEW_TRACE),
                row("Root=;Parent=;Sampled=1", NEW_TRACE, NEW_TRACE),
                row("Root=1-zzzzzzzz-bd862e3fe1be46a994272793;" + P + ";Sampled=1", NEW_TRACE, NEW_TRACE),
                row("Root=1-5759e988-bd862e3fe1be46a99427279300000;" + P + ";Sampled=1", NEW_TRACE, NEW_TRACE),
                row(";;;=;==", NEW_TRACE, NEW_TRACE),
                row(null, NEW_TRACE, NEW_TRACE));
    }

    @BeforeAll
    static void startTracer() {
        // The SDK's default sampler is parent-based always-on, as Quarkus' is.
        tracerProvider = SdkTracerProvider.builder().setIdGenerator(new XrayIdGenerator()).build();
        tracer = tracerProvider.get("comparison");
    }

    @AfterAll
    static void stopTracer() {
        tracerProvider.close();
    }

    @AfterEach
    void clearHeader() {
        LambdaTraceHeader.clear();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ourParserGivesTheRequiredRootSpanAndContribsIsPinned(String header, RootSpan required, RootSpan contrib) {
        // given
        if (header != null) {
            System.setProperty(LambdaTraceHeader.SYSTEM_PROPERTY, header);
        }

        // when
        RootSpan ours = ours();
        RootSpan theirs = contrib();

        // then
        assertEquals(required, ours, "ours");
        assertEquals(contrib, theirs, "contrib");
    }

    /** What {@code InvocationTracer} does with the header. */
    static RootSpan ours() {
        XrayTraceHeader header = LambdaTraceHeader.current();
        Context parent = LambdaTraceHeader.parentContext(header);
        XrayIdGenerator.useForNextRoot(header.traceId());
        try {
            return RootSpan.of(tracer.spanBuilder("ours").setParent(parent).startSpan());
        } finally {
            XrayIdGenerator.useForNextRoot(null);
        }
    }

    /** What contrib's Lambda propagator, configured as {@code quarkus.otel.propagators=xray-lambda}, would give. */
    static RootSpan contrib() {
        Context parent;
        try {
            parent = AwsXrayLambdaPropagator.getInstance().extract(Context.root(), Map.of(), MapGetter.INSTANCE);
        } catch (RuntimeException e) {
            return THROWS;
        }
        return RootSpan.of(tracer.spanBuilder("contrib").setParent(parent).startSpan());
    }

    static Arguments row(String header, RootSpan required, RootSpan contrib) {
        return Arguments.of(header, required, contrib);
    }

    /**
     * The root span as far as X-Ray sees it: its trace ID ({@link #NEW} for one made now), its parent ("" for none)
     * and whether it is recorded. An unrecorded span is never sent, so its parent does not count.
     */
    record RootSpan(String traceId, String parentSpanId, boolean recorded) {

        static final String NEW = "new";

        static RootSpan of(Span span) {
            span.end();
            SpanContext context = span.getSpanContext();
            long idSeconds = Long.parseLong(context.getTraceId().substring(0, 8), 16);
            String traceId = Math.abs(System.currentTimeMillis() / 1000 - idSeconds) < 60 ? NEW : context.getTraceId();
            if (!context.isSampled()) {
                return new RootSpan(traceId, null, false);
            }
            SpanContext parent = ((ReadableSpan) span).getParentSpanContext();
            return new RootSpan(traceId, parent.isValid() ? parent.getSpanId() : "", true);
        }
    }

    /** Reads a plain map: the carrier contrib's propagator is given here, and in {@link XrayHeaderTimes}. */
    enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
