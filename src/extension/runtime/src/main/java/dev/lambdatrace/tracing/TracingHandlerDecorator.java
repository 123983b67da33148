package dev.lambdatrace.tracing;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * Wraps the Quarkus Lambda HTTP handler, so every invocation, including 404s, 405s and failures, runs inside a root
 * span that ends and is flushed on the invocation thread before the response goes back to Lambda.
 */
@Decorator
@Priority(1)
public class TracingHandlerDecorator implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    // A decorator rather than our own RequestHandler: a second handler beside quarkus-amazon-lambda-http fails the build.
    @Inject
    @Any
    @Delegate
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> delegate;

    @Inject
    InvocationTracer tracer;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return tracer.trace(event, context, delegate);
    }
}
