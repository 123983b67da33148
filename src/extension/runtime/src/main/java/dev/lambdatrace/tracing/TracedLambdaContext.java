package dev.lambdatrace.tracing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import io.opentelemetry.api.trace.Span;

/**
 * The Lambda {@link Context} of one invocation, carrying its OpenTelemetry context across to the Vert.x request.
 * <p>
 * The Quarkus handler hands this object to the router as a request context object; it is the only channel from the
 * invocation thread to the event loop that needs no shared registry.
 */
final class TracedLambdaContext implements Context {

    private final Context lambda;
    private final io.opentelemetry.context.Context otel;
    private final String method;

    TracedLambdaContext(Context lambda, io.opentelemetry.context.Context otel, String method) {
        this.lambda = lambda;
        this.otel = otel;
        this.method = method;
    }

    io.opentelemetry.context.Context otelContext() {
        return otel;
    }

    Span span() {
        return Span.fromContext(otel);
    }

    String method() {
        return method;
    }

    @Override
    public String getAwsRequestId() {
        return lambda.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return lambda.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return lambda.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return lambda.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return lambda.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return lambda.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return lambda.getIdentity();
    }

    @Override
    public ClientContext getClientContext() {
        return lambda.getClientContext();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return lambda.getRemainingTimeInMillis();
    }

    @Override
    public int getMemoryLimitInMB() {
        return lambda.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return lambda.getLogger();
    }

    @Override
    public String getTenantId() {
        return lambda.getTenantId();
    }

    @Override
    public String getXrayTraceId() {
        return lambda.getXrayTraceId();
    }
}
