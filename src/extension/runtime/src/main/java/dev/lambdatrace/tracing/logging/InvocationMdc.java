package dev.lambdatrace.tracing.logging;

import org.jboss.logging.MDC;

import dev.lambdatrace.tracing.xray.XrayTraceHeader;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The invocation's ids in the logging MDC, beside the {@code traceId}, {@code spanId}, {@code parentId} and
 * {@code sampled} that Quarkus' OpenTelemetry puts there while a span is current: the AWS request id, under the key
 * AWS's Java runtime uses, and the trace id in X-Ray's form, which CloudWatch and X-Ray correlate on.
 */
public final class InvocationMdc {

    /** The request id, as AWS's Java runtime client names it in its own log lines. */
    public static final String REQUEST_ID = "AWSRequestId";
    /** The trace id as X-Ray writes it: {@code 1-5759e988-bd862e3fe1be46a994272793}. */
    public static final String XRAY_TRACE_ID = "xrayTraceId";

    /**
     * Puts the ids of the invocation on the current thread's MDC (or, on a Vert.x thread, the current request's).
     */
    public static void put(String requestId, SpanContext span) {
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        if (span.isValid()) {
            MDC.put(XRAY_TRACE_ID, XrayTraceHeader.xrayTraceId(span.getTraceId()));
        }
    }

    /** Takes them off again, once the invocation is over. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(XRAY_TRACE_ID);
    }

    private InvocationMdc() {
    }
}
