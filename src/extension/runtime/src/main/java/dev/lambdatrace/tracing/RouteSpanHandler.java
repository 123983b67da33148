package dev.lambdatrace.tracing;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.amazonaws.services.lambda.runtime.Context;

import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import dev.lambdatrace.tracing.logging.InvocationMdc;
import io.opentelemetry.context.Scope;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every route: makes the invocation's root span current for the request (and its ids the request's log
 * context), so spans the application creates become its children, on the event loop and on worker threads alike,
 * and reports the matched route (a Vert.x route, or the JAX-RS resource's path template) and any handler failure
 * onto it.
 */
@ApplicationScoped
public class RouteSpanHandler {

    // Quarkus REST's key (ObservabilityUtil), which its Micrometer and OpenTelemetry integrations read.
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    void register(@Observes @Priority(Integer.MIN_VALUE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::onRequest).failureHandler(this::onFailure);
    }

    // Observed last, after the function's routes exist. When a handler fails, Vert.x forgets the route it was on and
    // looks for failure handlers afresh; a failure handler on the route itself is the one place that still knows it.
    void registerOnRoutes(@Observes @Priority(Integer.MAX_VALUE) Router router) {
        for (Route route : router.getRoutes()) {
            if (routeTemplate(route) != null && route.getSubRouter() == null) {
                route.failureHandler(this::onFailureInRoute);
            }
        }
    }

    void onRequest(RoutingContext request) {
        TracedLambdaContext invocation = invocationOf(request);
        if (invocation == null) {
            request.next();
            return;
        }
        request.addHeadersEndHandler(ignored -> {
            String route = matchedRoute(request);
            if (route != null && request.failure() == null) {
                InvocationAttributes.onRoute(invocation.span(), invocation.method(), route);
            }
        });
        // Attached to the request's duplicated Vert.x context, so blocking handlers on a worker see it too, and with it
        // the trace's ids in the request's MDC (Quarkus' OpenTelemetry puts them there). Closed when the response
        // ends, in case some path ran without a duplicated context and fell back to a thread local.
        Scope scope = invocation.otelContext().makeCurrent();
        InvocationMdc.put(invocation.getAwsRequestId(), invocation.span().getSpanContext());
        request.addEndHandler(ignored -> scope.close());
        request.next();
    }

    void onFailure(RoutingContext request) {
        TracedLambdaContext invocation = invocationOf(request);
        if (invocation != null && request.failure() != null) {
            invocation.span().recordException(request.failure());
        }
        request.next();
    }

    void onFailureInRoute(RoutingContext request) {
        TracedLambdaContext invocation = invocationOf(request);
        if (invocation != null) {
            InvocationAttributes.onRoute(invocation.span(), invocation.method(), matchedRoute(request));
        }
        request.next();
    }

    static TracedLambdaContext invocationOf(RoutingContext request) {
        if (request == null) {
            return null;
        }
        MultiMap headers = request.request().headers();
        if (headers instanceof QuarkusHttpHeaders quarkusHeaders
                && quarkusHeaders.getContextObject(Context.class) instanceof TracedLambdaContext invocation) {
            return invocation;
        }
        return null;
    }

    /**
     * What the request matched: the JAX-RS resource method's path template when Quarkus REST served it
     * ({@code /greeting/{name}}, the REST path included), else the Vert.x route's.
     */
    private static String matchedRoute(RoutingContext request) {
        String template = restPathTemplate(request);
        return template != null ? template : routeTemplate(request.currentRoute());
    }

    /**
     * Quarkus REST keeps the matched method's template in the request's Vert.x context, for its observability
     * integrations, whether or not Quarkus' HTTP spans are on.
     */
    private static String restPathTemplate(RoutingContext request) {
        if (request.request() instanceof HttpServerRequestInternal internal
                && internal.context().getLocal(URL_PATH_TEMPLATE) instanceof String template) {
            return template;
        }
        return null;
    }

    /** A route with a path template; catch-all and regex routes name no route. */
    private static String routeTemplate(Route route) {
        if (route == null || route.isRegexPath() || route.getPath() == null) {
            return null;
        }
        // Vert.x keeps "/static/*" as the prefix "/static/".
        return route.isExactPath() ? route.getPath() : route.getPath() + "*";
    }
}
