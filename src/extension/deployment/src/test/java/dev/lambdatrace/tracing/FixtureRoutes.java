package dev.lambdatrace.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.ext.web.Router;

/**
 * The test application's routes: {@code GET /} as the sample function answers it, one whose handler throws, one that
 * creates a span of its own, and one that leaves a span to end on another thread after the response.
 */
@ApplicationScoped
public class FixtureRoutes {

    static final String FAILING = "/fixture/fail";
    static final String WITH_CHILD_SPAN = "/fixture/child";
    static final String CHILD_SPAN_NAME = "work inside the function";
    static final String WITH_LATE_SPAN = "/fixture/late";
    static final String LATE_SPAN_NAME = "work that outlives the invocation";

    @Inject
    Tracer tracer;

    void register(@Observes Router router) {
        router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end("{\"statusCode\":200}"));
        router.get(FAILING).handler(ctx -> {
            throw new IllegalStateException("the handler failed on purpose");
        });
        router.get(WITH_CHILD_SPAN).handler(ctx -> {
            Span child = tracer.spanBuilder(CHILD_SPAN_NAME).startSpan();
            child.end();
            ctx.response().end("ok");
        });
        router.get(WITH_LATE_SPAN).handler(ctx -> {
            Span late = tracer.spanBuilder(LATE_SPAN_NAME).startSpan();
            ctx.vertx().setTimer(200, ignored -> late.end());
            ctx.response().end("ok");
        });
    }
}
