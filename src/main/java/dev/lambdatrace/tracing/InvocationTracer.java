package dev.lambdatrace.tracing;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.lambdatrace.tracing.attributes.FunctionAttributes;
import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import dev.lambdatrace.tracing.export.SpanFlusher;
import dev.lambdatrace.tracing.xray.LambdaTraceHeader;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;

/**
 * Runs one invocation inside its root span: parent from the Lambda trace header, start, run, record, end, flush.
 */
@Singleton
public class InvocationTracer {

    static final String INSTRUMENTATION_SCOPE = "dev.lambdatrace.tracing";

    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    private final FunctionAttributes functionAttributes = new FunctionAttributes();
    private final Tracer tracer;
    private final SpanFlusher flusher;
    // Baseline role: the same artifact with the SDK off creates no span, flushes nothing and opens no connection.
    private final boolean sdkDisabled;

    @Inject
    InvocationTracer(OpenTelemetry openTelemetry, SpanFlusher flusher,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        // The SDK's tracer itself, not the CDI one: no client proxy on every call, and a scope named after us.
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.flusher = flusher;
        this.sdkDisabled = sdkDisabled;
    }

    APIGatewayV2HTTPResponse trace(APIGatewayV2HTTPEvent event, Context lambdaContext,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        boolean firstInvocation = coldStart.getAndSet(false);
        if (sdkDisabled) {
            return handler.handleRequest(event, lambdaContext);
        }
        io.opentelemetry.context.Context parent = LambdaTraceHeader.parentContext();
        String method = InvocationAttributes.method(event);
        SpanBuilder builder = tracer.spanBuilder(InvocationAttributes.spanName(method, null))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAllAttributes(functionAttributes.of(lambdaContext));
        Span span = InvocationAttributes.onStart(builder, event, lambdaContext, firstInvocation).startSpan();
        io.opentelemetry.context.Context invocation = parent.with(span);
        APIGatewayV2HTTPResponse response = null;
        Throwable failure = null;
        try {
            response = handler.handleRequest(event, new TracedLambdaContext(lambdaContext, invocation, method));
            return response;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            InvocationAttributes.onEnd(span, response, failure);
            span.end();
            // An unsampled span was never recorded, so there is nothing to wait for.
            if (span.getSpanContext().isSampled()) {
                flusher.flush();
            }
        }
    }
}
