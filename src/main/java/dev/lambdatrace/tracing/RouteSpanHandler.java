package dev.lambdatrace.tracing;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.amazonaws.services.lambda.runtime.Context;

import dev.lambdatrace.tracing.attributes.InvocationAttributes;
import io.opentelemetry.context.Scope;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every route: makes the invocation's root span current for the request, so spans the function creates
 * become its children, and reports the matched route and any handler failure onto it.
 */
@ApplicationScoped
public class RouteSpanHandler {

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
            String route = routeTemplate(request.currentRoute());
            if (route != null && request.failure() == null) {
                InvocationAttributes.onRoute(invocation.span(), invocation.method(), route);
            }
        });
        // Attached to the request's duplicated Vert.x context, so blocking handlers on a worker see it too. Closed when
        // the response ends, in case some path ran without a duplicated context and fell back to a thread local.
        Scope scope = invocation.otelContext().makeCurrent();
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
            InvocationAttributes.onRoute(invocation.span(), invocation.method(), routeTemplate(request.currentRoute()));
        }
        request.next();
    }

    private static TracedLambdaContext invocationOf(RoutingContext request) {
        MultiMap headers = request.request().headers();
        if (headers instanceof QuarkusHttpHeaders quarkusHeaders
                && quarkusHeaders.getContextObject(Context.class) instanceof TracedLambdaContext invocation) {
            return invocation;
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
