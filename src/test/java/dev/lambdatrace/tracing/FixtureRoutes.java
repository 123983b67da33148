package dev.lambdatrace.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.ext.web.Router;

/**
 * Test-only routes: one whose handler throws, and one that creates a span of its own.
 */
@ApplicationScoped
public class FixtureRoutes {

    static final String FAILING = "/fixture/fail";
    static final String WITH_CHILD_SPAN = "/fixture/child";
    static final String CHILD_SPAN_NAME = "work inside the function";

    @Inject
    Tracer tracer;

    void register(@Observes Router router) {
        router.get(FAILING).handler(ctx -> {
            throw new IllegalStateException("the handler failed on purpose");
        });
        router.get(WITH_CHILD_SPAN).handler(ctx -> {
            Span child = tracer.spanBuilder(CHILD_SPAN_NAME).startSpan();
            child.end();
            ctx.response().end("ok");
        });
    }
}
