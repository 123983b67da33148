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

@Decorator
@Priority(1)
public class TracingDecorator implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    @Any
    @Delegate
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> delegate;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        System.err.println("DECORATOR on " + Thread.currentThread().getName() + " id=" + context.getAwsRequestId()
                + " trace=" + System.getProperty("com.amazonaws.xray.traceHeader"));
        return delegate.handleRequest(event, context);
    }
}
