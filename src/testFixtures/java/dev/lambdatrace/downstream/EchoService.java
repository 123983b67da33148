package dev.lambdatrace.downstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A service that an application under test calls over HTTP, on loopback: {@code GET /echo/{text}} answers the text,
 * and every request is kept with its headers, so that a test can tell what context the caller propagated.
 */
public final class EchoService implements AutoCloseable {

    /** One request as it arrived: its path, and its headers with names in any case. */
    public record Request(String path, Map<String, String> headers) {

        /** The W3C trace context's trace id, or null. */
        public String traceparentTraceId() {
            String traceparent = headers.get("traceparent");
            return traceparent == null ? null : traceparent.split("-")[1];
        }

        /** The W3C trace context's parent span id, or null. */
        public String traceparentSpanId() {
            String traceparent = headers.get("traceparent");
            return traceparent == null ? null : traceparent.split("-")[2];
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    private EchoService(int port) {
        // One write a response, without Nagle's delay: a lab measuring calls through it must not measure it.
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
                .requestHandler(this::onRequest);
        this.server = await(created.listen(port).toCompletionStage().toCompletableFuture());
    }

    /** Listens on 127.0.0.1; port 0 picks a free one. */
    public static EchoService start(int port) {
        return new EchoService(port);
    }

    /** The base URL, for the caller's REST client. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request so far, in the order they arrived. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void onRequest(HttpServerRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
        requests.add(new Request(request.path(), headers));
        String path = request.path();
        if (!path.startsWith("/echo/")) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.response().putHeader("Content-Type", "text/plain")
                .end(URLDecoder.decode(path.substring("/echo/".length()), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the echo service failed", e);
        }
    }
}
