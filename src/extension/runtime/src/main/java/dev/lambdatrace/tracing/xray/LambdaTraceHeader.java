package dev.lambdatrace.tracing.xray;

import io.opentelemetry.api.trace.Span;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaContext;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * The Lambda X-Ray trace header of an invocation. Each invocation's own comes with its Lambda context when the runtime
 * puts it there ({@code Context.getXrayTraceId()}, as AWS's runtime client does, and this function's workers on
 * Lambda Managed Instances). Otherwise, one invocation at a time, the runtime loop puts it in the system property
 * {@code com.amazonaws.xray.traceHeader} (Lambda also sets the env {@code _X_AMZN_TRACE_ID}; the property wins).
 * Contrib's {@code AwsXrayLambdaPropagator} reads the same two, in the same order, but hands the header only to its
 * own parser, which {@link XrayTraceHeader} replaces.
 */
public final class LambdaTraceHeader {

    public static final String SYSTEM_PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String ENVIRONMENT_VARIABLE = "_X_AMZN_TRACE_ID";
    // Stands in for a parent that only carries "not sampled": it makes the root span non-recording and is never sent.
    private static final String UNSENT_PARENT_ID = "0000000000000001";

    /**
     * The header Lambda sent with this invocation. With many invocations at once, a process-wide property would hand
     * one invocation's trace to another, so it is read only for Quarkus' own poll loop, whose context keeps no header:
     * that loop's thread is the only one that writes the property (this function's other workers and AWS's runtime
     * client keep the header in the context), and the tracer reads and clears it on that thread.
     */
    public static XrayTraceHeader of(com.amazonaws.services.lambda.runtime.Context lambdaContext,
            boolean oneInvocationAtATime) {
        String own = lambdaContext == null ? null : lambdaContext.getXrayTraceId();
        if (own != null || !(oneInvocationAtATime || fromQuarkusPollLoop(lambdaContext))) {
            return XrayTraceHeader.parse(own);
        }
        return current();
    }

    /** Whether the invocation came through Quarkus' own poll loop, which passes its header in the property only. */
    public static boolean fromQuarkusPollLoop(com.amazonaws.services.lambda.runtime.Context lambdaContext) {
        return lambdaContext != null && lambdaContext.getClass() == AmazonLambdaContext.class;
    }

    /** The header the runtime loop put in the process's property, or Lambda in its environment. */
    static XrayTraceHeader current() {
        String header = System.getProperty(SYSTEM_PROPERTY);
        return XrayTraceHeader.parse(header != null ? header : System.getenv(ENVIRONMENT_VARIABLE));
    }

    /**
     * Forgets the current invocation's header. Quarkus' native poll loop sets the property only when Lambda sends
     * the header and never clears it, so an invocation without one would join the previous invocation's trace.
     */
    public static void clear() {
        System.clearProperty(SYSTEM_PROPERTY);
    }

    /**
     * The parent to start the root span under: Lambda's segment when the header names one. {@code Sampled=0} makes
     * the root span non-recording; no decision, or {@code ?}, leaves it to this function, which samples.
     */
    public static Context parentContext(XrayTraceHeader header) {
        // contrib returns no span context unless both Root and Parent are valid, so with Sampled=0 and no Parent the
        // sampler would record the invocation Lambda said not to, and a Root without a Parent would lose its trace.
        if (header.sampling() == XrayTraceHeader.Sampling.NOT_SAMPLED) {
            String traceId = header.traceId() != null ? header.traceId() : XrayIdGenerator.newTraceId();
            String parent = header.parentSpanId() != null ? header.parentSpanId() : UNSENT_PARENT_ID;
            return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, parent,
                    TraceFlags.getDefault(), TraceState.getDefault())));
        }
        if (header.traceId() == null || header.parentSpanId() == null) {
            return Context.root();
        }
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(header.traceId(),
                header.parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault())));
    }

    private LambdaTraceHeader() {
    }
}
