package dev.lambdatrace.tracing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.lambdatrace.runtime.ExecutionEnvironment;
import dev.lambdatrace.runtime.InvocationsInFlight;
import dev.lambdatrace.tracing.attributes.FunctionAttributes;
import dev.lambdatrace.tracing.attributes.FunctionResource;
import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import dev.lambdatrace.tracing.config.LambdaTracingConfig;
import dev.lambdatrace.tracing.export.InvocationDeadline;
import dev.lambdatrace.tracing.export.InvocationSpanProcessor;
import dev.lambdatrace.tracing.logging.InvocationMdc;
import dev.lambdatrace.tracing.flush.InvocationFlush;
import dev.lambdatrace.tracing.xray.LambdaTraceHeader;
import dev.lambdatrace.tracing.xray.XrayIdGenerator;
import dev.lambdatrace.tracing.xray.XrayTraceHeader;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.LaunchMode;

/**
 * Runs one invocation inside its root span: parent from the Lambda trace header, start, run, record, end, flush.
 */
@Singleton
public class InvocationTracer {

    static final String INSTRUMENTATION_SCOPE = "dev.lambdatrace.tracing";

    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    // Invocations between their start and their flush, on any runtime's thread: what a shutdown waits for.
    private final AtomicInteger inFlight = new AtomicInteger();
    private final FunctionAttributes functionAttributes = new FunctionAttributes();
    private final Tracer tracer;
    private final InvocationSpanProcessor processor;
    private final FunctionResource resource;
    private final InvocationFlush flush;
    private final boolean captureClientAddress;
    private final InvocationsInFlight running;
    // Baseline role: the same artifact with the SDK off creates no span, flushes nothing and opens no connection.
    private final boolean sdkDisabled;
    // Classic Lambda: one invocation at a time. Managed Instances: many at once, each with its own trace header.
    private final boolean oneInvocationAtATime = !ExecutionEnvironment.current().managedInstances();
    // Lambda sends every invocation's deadline. Quarkus' mock event server (dev mode and tests) sends none, and its
    // context then reports a remaining time computed from a deadline of 0, which means nothing.
    private final boolean deadlinesSent = LaunchMode.current() == LaunchMode.NORMAL;

    @Inject
    InvocationTracer(OpenTelemetry openTelemetry, InvocationSpanProcessor processor, FunctionResource resource,
            InvocationFlush flush, LambdaTracingConfig config, InvocationsInFlight running,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled,
            @ConfigProperty(name = "quarkus.otel.instrument.vertx-http", defaultValue = "false") boolean vertxHttpSpans) {
        // The SDK's tracer itself, not the CDI one: no client proxy on every call, and a scope named after us.
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.processor = processor;
        this.resource = resource;
        this.flush = flush;
        this.captureClientAddress = config.captureClientAddress();
        this.running = running;
        this.sdkDisabled = sdkDisabled;
        if (vertxHttpSpans) {
            throw new IllegalArgumentException("QUARKUS_OTEL_INSTRUMENT_VERTX_HTTP (quarkus.otel.instrument.vertx-http) "
                    + "is true, but the extension owns each invocation's root span: Quarkus' HTTP span would be a "
                    + "second root per invocation, which can end after the flush. Remove the setting.");
        }
    }

    APIGatewayV2HTTPResponse trace(APIGatewayV2HTTPEvent event, Context lambdaContext,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        inFlight.incrementAndGet();
        if (!oneInvocationAtATime && lambdaContext != null && deadlinesSent) {
            running.begin(lambdaContext.getAwsRequestId(), lambdaContext.getRemainingTimeInMillis());
        }
        try {
            return traceCounted(event, lambdaContext, handler);
        } finally {
            running.end();
            inFlight.decrementAndGet();
        }
    }

    /** Invocations under way now, from their start to the end of their flush. */
    public int invocationsInFlight() {
        return inFlight.get();
    }

    private APIGatewayV2HTTPResponse traceCounted(APIGatewayV2HTTPEvent event, Context lambdaContext,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        boolean firstInvocation = coldStart.getAndSet(false);
        if (sdkDisabled) {
            try {
                return handler.handleRequest(event, lambdaContext);
            } finally {
                forgetHeader(lambdaContext);
            }
        }
        InvocationDeadline deadline = deadlinesSent && lambdaContext != null
                ? InvocationDeadline.startingWith(lambdaContext.getRemainingTimeInMillis(), firstInvocation)
                : InvocationDeadline.UNKNOWN;
        String requestId = lambdaContext == null ? null : lambdaContext.getAwsRequestId();
        String invokedArn = lambdaContext == null ? null : lambdaContext.getInvokedFunctionArn();
        resource.onInvocation(invokedArn);
        processor.invocationStarted();
        flush.invocationStarted(requestId);
        XrayTraceHeader header = LambdaTraceHeader.of(lambdaContext, oneInvocationAtATime);
        io.opentelemetry.context.Context parent = LambdaTraceHeader.parentContext(header);
        String method = InvocationAttributes.method(event);
        SpanBuilder builder = tracer.spanBuilder(InvocationAttributes.spanName(method, null))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAllAttributes(functionAttributes.of(invokedArn));
        InvocationAttributes.onStart(builder, event, requestId, firstInvocation, captureClientAddress);
        // A Root without a Parent still names the trace; the SDK asks the ID generator only for a root span.
        XrayIdGenerator.useForNextRoot(header.traceId());
        Span span = builder.startSpan();
        XrayIdGenerator.useForNextRoot(null);
        String traceId = span.getSpanContext().getTraceId();
        processor.traceOpened(traceId);
        io.opentelemetry.context.Context invocation = parent.with(span);
        APIGatewayV2HTTPResponse response = null;
        Throwable failure = null;
        // Current on this thread too, with the ids in its MDC: what the handler and the flush log here is correlated.
        Scope scope = invocation.makeCurrent();
        InvocationMdc.put(requestId, span.getSpanContext());
        try {
            response = handler.handleRequest(event, new TracedLambdaContext(lambdaContext, invocation, method));
            return response;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            InvocationAttributes.onEnd(span, response, failure);
            span.end();
            forgetHeader(lambdaContext);
            try {
                flush.invocationEnded(requestId, traceId, deadline);
            } finally {
                scope.close();
                InvocationMdc.clear();
            }
        }
    }

    /**
     * Quarkus' poll loop sets the header's property only when Lambda sends the header and never clears it, so an
     * invocation without one would join the previous invocation's trace. With many invocations at once only that loop's
     * thread writes it, so it is cleared only there, for that loop's own invocations.
     */
    private void forgetHeader(Context lambdaContext) {
        if (oneInvocationAtATime || LambdaTraceHeader.fromQuarkusPollLoop(lambdaContext)) {
            LambdaTraceHeader.clear();
        }
    }
}
