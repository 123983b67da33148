package dev.lambdatrace.lab;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The runtime side of the Lambda Runtime API on loopback: hands out events on {@code /next} (long poll), takes
 * responses and errors, and timestamps each invocation the way Lambda does.
 */
final class RuntimeApiEndpoint implements AutoCloseable {

    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    // Lambda's limit for a synchronous response: 6 MiB plus 100 bytes.
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;

    private record Pending(String event, String traceHeader, CompletableFuture<Invocation> result) {
    }

    private record InFlight(Pending pending, long handedOutAtNanos) {
    }

    private final Vertx vertx;
    private final String functionName;
    private final HttpServer server;
    // Touched only on the endpoint's event loop.
    private final Queue<Pending> queued = new ArrayDeque<>();
    private final Queue<HttpServerRequest> waitingRuntimes = new ArrayDeque<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private volatile long firstNextAtNanos;
    private volatile String initError;

    RuntimeApiEndpoint(Vertx vertx, String functionName) {
        this.vertx = vertx;
        this.functionName = functionName;
        // One write per response and TCP_NODELAY: otherwise Nagle and delayed ACKs add ~40 ms per request.
        this.server = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
                .requestHandler(this::route)
                .listen(0));
    }

    /** What the function sets as {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** Queues one event; the future completes when the function answers it. */
    CompletableFuture<Invocation> invoke(String event, String traceHeader) {
        Pending pending = new Pending(event, traceHeader, new CompletableFuture<>());
        vertx.runOnContext(ignored -> {
            queued.add(pending);
            dispatch();
        });
        return pending.result();
    }

    /** When the function first asked for an event, or 0 if it has not yet. */
    long firstNextAtNanos() {
        return firstNextAtNanos;
    }

    /** The body the function posted to {@code /runtime/init/error}, if it did. */
    String initError() {
        return initError;
    }

    @Override
    public void close() {
        await(server.close());
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        if (request.method().name().equals("GET") && path.equals(RuntimeApi.NEXT)) {
            onNext(request);
        } else if (request.method().name().equals("POST") && path.equals(RuntimeApi.INIT_ERROR)) {
            request.body().onSuccess(body -> {
                initError = body.toString();
                reply(request.response(), 202, new JsonObject().put("status", "OK"));
            });
        } else if (request.method().name().equals("POST") && path.startsWith(RuntimeApi.INVOCATION)
                && (path.endsWith(RuntimeApi.RESPONSE) || path.endsWith(RuntimeApi.ERROR))) {
            request.body().onSuccess(body -> onResult(request, path, body));
        } else {
            reply(request.response(), 404, error("UnknownPath", "No such Runtime API path: " + path));
        }
    }

    private void onNext(HttpServerRequest request) {
        if (firstNextAtNanos == 0) {
            firstNextAtNanos = System.nanoTime();
        }
        waitingRuntimes.add(request);
        request.connection().closeHandler(ignored -> waitingRuntimes.remove(request));
        dispatch();
    }

    private void dispatch() {
        while (!queued.isEmpty() && !waitingRuntimes.isEmpty()) {
            Pending pending = queued.poll();
            HttpServerResponse response = waitingRuntimes.poll().response();
            String requestId = UUID.randomUUID().toString();
            inFlight.put(requestId, new InFlight(pending, System.nanoTime()));
            response.putHeader(RuntimeApi.REQUEST_ID, requestId)
                    .putHeader(RuntimeApi.DEADLINE_MS, String.valueOf(System.currentTimeMillis() + 15_000))
                    .putHeader(RuntimeApi.INVOKED_FUNCTION_ARN, FUNCTION_ARN + functionName)
                    .putHeader(RuntimeApi.TRACE_ID, pending.traceHeader())
                    .putHeader("Content-Type", "application/json")
                    .end(pending.event());
        }
    }

    private void onResult(HttpServerRequest request, String path, Buffer body) {
        long completedAt = System.nanoTime();
        boolean error = path.endsWith(RuntimeApi.ERROR);
        String requestId = path.substring(RuntimeApi.INVOCATION.length(),
                path.length() - (error ? RuntimeApi.ERROR : RuntimeApi.RESPONSE).length());
        InFlight invocation = inFlight.remove(requestId);
        if (invocation == null) {
            // The codes Lambda's runtime API uses for a second answer, and for an id it never handed out.
            if (finished.containsKey(requestId)) {
                reply(request.response(), 403, error("InvalidStateTransition",
                        "State transition from RuntimeResponseSentState to InvocationResponse failed for runtime. "
                                + "Error: State transition is not allowed"));
            } else {
                reply(request.response(), 400, error("InvalidRequestID", "Invalid request ID"));
            }
            return;
        }
        if (body.length() > MAX_PAYLOAD_BYTES) {
            reply(request.response(), 413, error("RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes)."));
            inFlight.put(requestId, invocation);
            return;
        }
        finished.put(requestId, Boolean.TRUE);
        reply(request.response(), 202, new JsonObject().put("status", "OK"));
        Pending pending = invocation.pending();
        pending.result().complete(new Invocation(requestId, pending.traceHeader(), invocation.handedOutAtNanos(),
                completedAt, error, body.toString()));
    }

    private static JsonObject error(String type, String message) {
        return new JsonObject().put("errorMessage", message).put("errorType", type);
    }

    private static void reply(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Runtime API endpoint operation failed", e);
        }
    }
}
