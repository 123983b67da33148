package dev.lambdatrace.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * The empty function of the original ADOT performance test: {@code GET /} answers 200 with a small body.
 */
@ApplicationScoped
public class HelloRoute {

    static final String BODY = "{\"statusCode\":200}";

    void register(@Observes Router router) {
        // A plain Vert.x route keeps the function trivial: no JAX-RS, so what we measure is the tracing.
        // Exactly "Content-Type": the Lambda HTTP handler looks it up case-sensitively and base64-encodes any body
        // it cannot tell is text.
        router.get("/").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(BODY));
    }
}
