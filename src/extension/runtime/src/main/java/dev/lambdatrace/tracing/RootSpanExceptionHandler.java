package dev.lambdatrace.tracing;

import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import io.vertx.ext.web.RoutingContext;

/**
 * Records an exception thrown by a JAX-RS resource on the invocation's root span, before an {@code ExceptionMapper}
 * turns it into a response: a 500 that a mapper wrote still shows the exception that caused it. Quarkus' own handler
 * records on the span its HTTP instrumentation made, which the extension switches off.
 */
public class RootSpanExceptionHandler implements ServerRestHandler {

    @Override
    public void handle(ResteasyReactiveRequestContext requestContext) {
        Throwable failure = requestContext.getThrowable();
        TracedLambdaContext invocation = RouteSpanHandler.invocationOf(
                requestContext.serverRequest().unwrap(RoutingContext.class));
        if (failure != null && invocation != null) {
            invocation.span().recordException(failure);
        }
    }
}
