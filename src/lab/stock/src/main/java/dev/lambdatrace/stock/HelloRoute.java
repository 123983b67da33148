package dev.lambdatrace.stock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * The same empty function as the main project's: {@code GET /} answers 200 with a small body. The only code of the
 * quarkus-stock contestant; its tracing is configuration alone.
 */
@ApplicationScoped
public class HelloRoute {

    static final String BODY = "{\"statusCode\":200}";

    void register(@Observes Router router) {
        // Exactly "Content-Type": the Lambda HTTP handler looks it up case-sensitively and base64-encodes any body
        // it cannot tell is text.
        router.get("/").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(BODY));
    }
}
