package dev.lambdatrace.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Lambda's side of the Runtime API and the Extensions API on loopback, for one sandbox: hands out events on
 * {@code /next} (long poll), delivers INVOKE events to registered extensions, takes responses and errors, and
 * timestamps each invocation the way Lambda does. It tells its {@link SandboxLifecycle} when the sandbox goes idle
 * (the runtime and every extension wait on {@code next}: Lambda freezes it then) and before it hands out an event.
 */
public final class RuntimeApiEndpoint implements AutoCloseable {

    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    // Lambda's limit for a synchronous response: 6 MiB plus 100 bytes.
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;
    // The deploy kit's function timeout.
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private record Pending(String event, String traceHeader, Duration timeout, CompletableFuture<Invocation> result) {
    }

    private static final class InFlight {
        final Pending pending;
        final String requestId;
        final long handedOutAtNanos;
        long respondedAtNanos;
        boolean error;
        String body;

        InFlight(Pending pending, String requestId, long handedOutAtNanos) {
            this.pending = pending;
            this.requestId = requestId;
            this.handedOutAtNanos = handedOutAtNanos;
        }
    }

    private static final class Extension {
        final String name;
        final List<String> events;
        final Queue<JsonObject> undelivered = new ArrayDeque<>();
        HttpServerRequest waiting;

        Extension(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        boolean idle() {
            return waiting != null && undelivered.isEmpty();
        }
    }

    private static final int FINISHED_KEPT = 1_000;

    private final Context context;
    private final String functionName;
    private final HttpServer server;
    // Touched only on the endpoint's event loop.
    private final Queue<Pending> queued = new ArrayDeque<>();
    private final Map<String, Extension> extensions = new LinkedHashMap<>();
    // The request IDs answered lately, to tell a second answer from an ID never handed out; bounded, as a run of
    // 10,000 invocations would otherwise keep every one.
    private final Map<String, Boolean> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FINISHED_KEPT;
        }
    };
    private HttpServerRequest waitingRuntime;
    private InFlight inFlight;
    private boolean idle;
    private SandboxLifecycle lifecycle = SandboxLifecycle.NONE;
    private final List<String> extensionErrors = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> externalExtensions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long firstNextAtNanos;
    private volatile long initDoneAtNanos;
    private volatile String initError;
    private volatile boolean extensionsApi = true;
    private volatile long runtimeEventDelayMillis;
    // Init also waits for the processes beside the runtime (a collector layer) to be ready; done at once without them.
    private volatile CompletableFuture<?> initGate = CompletableFuture.completedFuture(null);

    public RuntimeApiEndpoint(Vertx vertx, String functionName) {
        this.functionName = functionName;
        // One context for the server and for invoke(), so that all state lives on one event loop.
        this.context = vertx.getOrCreateContext();
        // One write per response and TCP_NODELAY: otherwise Nagle and delayed ACKs add ~40 ms per request.
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
                .requestHandler(this::route);
        Promise<HttpServer> listening = Promise.promise();
        context.runOnContext(ignored -> created.listen(0).onComplete(listening));
        this.server = await(listening.future().toCompletionStage().toCompletableFuture());
    }

    /** What the function sets as {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.actualPort();
    }

    /** Who freezes and thaws the sandbox; set before the function starts. */
    void lifecycle(SandboxLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * Keeps init from ending before {@code ready} completes, as well as until the runtime and every extension wait on
     * {@code next}: an extension process that serves the function (a collector) calls {@code next} only once it is
     * ready. If {@code ready} fails, init never ends. Set before the function starts.
     */
    void holdInitUntil(CompletableFuture<?> ready) {
        initGate = ready;
        ready.whenComplete((ignored, error) -> context.runOnContext(nothing -> checkIdle()));
    }

    /**
     * Treats extensions of this name as external ones (processes Lambda starts from {@code /opt/extensions}); any
     * other name is an internal extension, a thread of the runtime's own process.
     */
    void externalExtension(String name) {
        externalExtensions.add(name);
    }

    /**
     * Hands each event to the runtime {@code delay} after its extensions have their INVOKE, as when a slow first
     * request on a small JVM function starts its handler long after Lambda's event.
     */
    public void delayEventsToTheRuntime(Duration delay) {
        runtimeEventDelayMillis = delay.toMillis();
    }

    /** Serves no Extensions API, as Quarkus' dev-mode mock server does: every extension call is answered 404. */
    public void withoutExtensionsApi() {
        extensionsApi = false;
    }

    /** Queues one event with the deploy kit's timeout; the future completes when the sandbox is idle again. */
    public CompletableFuture<Invocation> invoke(String event, String traceHeader) {
        return invoke(event, traceHeader, DEFAULT_TIMEOUT);
    }

    /**
     * Queues one event; {@code traceHeader} may be null (no {@code Lambda-Runtime-Trace-Id}), and {@code timeout}
     * sets the deadline the function is told, counted from the hand-out.
     */
    public CompletableFuture<Invocation> invoke(String event, String traceHeader, Duration timeout) {
        Pending pending = new Pending(event, traceHeader, timeout, new CompletableFuture<>());
        context.runOnContext(ignored -> {
            queued.add(pending);
            dispatch();
        });
        return pending.result();
    }

    /** Sends SHUTDOWN to the extensions that registered for it, as Lambda does before it ends a sandbox. */
    public void shutdown(Duration grace) {
        await(onContext(() -> {
            lifecycle.thaw();
            long deadlineMs = System.currentTimeMillis() + grace.toMillis();
            for (Extension extension : extensions.values()) {
                if (extension.events.contains("SHUTDOWN")) {
                    extension.undelivered.add(new JsonObject().put("eventType", "SHUTDOWN")
                            .put("shutdownReason", "spindown").put("deadlineMs", deadlineMs));
                    deliver(extension);
                }
            }
            return null;
        }));
    }

    /** When the function first asked for an event, or 0 if it has not yet. */
    public long firstNextAtNanos() {
        return firstNextAtNanos;
    }

    /** When the runtime and every extension first waited on {@code next}: the end of Lambda's init phase. */
    public long initDoneAtNanos() {
        return initDoneAtNanos;
    }

    /** The body the function posted to {@code /runtime/init/error}, if it did. */
    public String initError() {
        return initError;
    }

    /** The names of the registered extensions, in order of registration. */
    public List<String> extensionNames() {
        return await(onContext(() -> extensions.values().stream().map(extension -> extension.name).toList()));
    }

    /** What extensions posted to {@code init/error} and {@code exit/error}. */
    public List<String> extensionErrors() {
        return List.copyOf(extensionErrors);
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.GET && path.equals(RuntimeApi.NEXT)) {
            onRuntimeNext(request);
        } else if (method == HttpMethod.POST && path.equals(RuntimeApi.INIT_ERROR)) {
            request.body().onSuccess(body -> {
                initError = body.toString();
                reply(request.response(), 202, new JsonObject().put("status", "OK"));
            });
        } else if (method == HttpMethod.POST && path.startsWith(RuntimeApi.INVOCATION)
                && (path.endsWith(RuntimeApi.RESPONSE) || path.endsWith(RuntimeApi.ERROR))) {
            request.body().onSuccess(body -> onResult(request, path, body));
        } else if (!extensionsApi && path.startsWith(RuntimeApi.EXTENSION_BASE)) {
            reply(request.response(), 404, error("UnknownPath", "No such Runtime API path: " + path));
        } else if (method == HttpMethod.POST && path.equals(RuntimeApi.EXTENSION_REGISTER)) {
            request.body().onSuccess(body -> onRegister(request, body));
        } else if (method == HttpMethod.GET && path.equals(RuntimeApi.EXTENSION_NEXT)) {
            onExtensionNext(request);
        } else if (method == HttpMethod.POST && (path.equals(RuntimeApi.EXTENSION_INIT_ERROR)
                || path.equals(RuntimeApi.EXTENSION_EXIT_ERROR))) {
            request.body().onSuccess(body -> onExtensionError(request, path, body));
        } else {
            reply(request.response(), 404, error("UnknownPath", "No such Runtime API path: " + path));
        }
    }

    private void onRuntimeNext(HttpServerRequest request) {
        if (firstNextAtNanos == 0) {
            firstNextAtNanos = System.nanoTime();
        }
        if (inFlight != null && inFlight.respondedAtNanos == 0) {
            // A runtime that asks again without answering has lost the invocation; Lambda reports it as an error.
            inFlight.respondedAtNanos = System.nanoTime();
            inFlight.error = true;
            inFlight.body = error("Runtime.NoResponse", "the runtime asked for the next event without answering")
                    .encode();
        }
        waitingRuntime = request;
        request.connection().closeHandler(ignored -> {
            if (waitingRuntime == request) {
                waitingRuntime = null;
            }
        });
        checkIdle();
    }

    private void onResult(HttpServerRequest request, String path, Buffer body) {
        long respondedAt = System.nanoTime();
        boolean error = path.endsWith(RuntimeApi.ERROR);
        String requestId = path.substring(RuntimeApi.INVOCATION.length(),
                path.length() - (error ? RuntimeApi.ERROR : RuntimeApi.RESPONSE).length());
        if (inFlight == null || !inFlight.requestId.equals(requestId) || inFlight.respondedAtNanos != 0) {
            // The codes Lambda's runtime API uses for a second answer, and for an id it never handed out.
            if (finished.containsKey(requestId) || inFlight != null && inFlight.requestId.equals(requestId)) {
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
            return;
        }
        inFlight.respondedAtNanos = respondedAt;
        inFlight.error = error;
        inFlight.body = body.toString();
        finished.put(requestId, Boolean.TRUE);
        reply(request.response(), 202, new JsonObject().put("status", "OK"));
    }

    private void onRegister(HttpServerRequest request, Buffer body) {
        String name = request.getHeader(RuntimeApi.EXTENSION_NAME);
        if (name == null || name.isBlank()) {
            reply(request.response(), 403, error("Extension.InvalidExtensionName", "Empty extension name"));
            return;
        }
        if (firstNextAtNanos != 0) {
            // Lambda takes registrations during init only: once the runtime has asked for its first event, it is over.
            reply(request.response(), 403, error("Extension.RegistrationClosed", "Extension registration closed already"));
            return;
        }
        if (extensions.values().stream().anyMatch(extension -> extension.name.equals(name))) {
            reply(request.response(), 403, error("Extension.InvalidExtensionState",
                    "Extension with this name already registered"));
            return;
        }
        List<String> events = new ArrayList<>();
        try {
            for (Object event : new JsonObject(body).getJsonArray("events", new JsonArray())) {
                events.add(String.valueOf(event));
            }
        } catch (RuntimeException e) {
            reply(request.response(), 403, error("InvalidRequestFormat", String.valueOf(e.getMessage())));
            return;
        }
        for (String event : events) {
            String refusal = !event.equals("INVOKE") && !event.equals("SHUTDOWN") ? "ErrorInvalidEventType"
                    // Lambda starts and stops internal extensions with the runtime, so they cannot ask for SHUTDOWN.
                    : event.equals("SHUTDOWN") && !externalExtensions.contains(name)
                            ? "ShutdownEventNotSupportedForInternalExtension" : null;
            if (refusal != null) {
                reply(request.response(), 403, error("Extension.InvalidEventType", event + ": " + refusal));
                return;
            }
        }
        String id = UUID.randomUUID().toString();
        extensions.put(id, new Extension(name, events));
        request.response().putHeader(RuntimeApi.EXTENSION_IDENTIFIER, id);
        reply(request.response(), 200, new JsonObject().put("functionName", functionName)
                .put("functionVersion", "$LATEST").put("handler", "bootstrap"));
    }

    private void onExtensionNext(HttpServerRequest request) {
        Extension extension = extensionOf(request);
        if (extension == null) {
            return;
        }
        extension.waiting = request;
        request.connection().closeHandler(ignored -> {
            if (extension.waiting == request) {
                extension.waiting = null;
            }
        });
        deliver(extension);
        checkIdle();
    }

    private void onExtensionError(HttpServerRequest request, String path, Buffer body) {
        Extension extension = extensionOf(request);
        if (extension == null) {
            return;
        }
        String type = request.getHeader(RuntimeApi.EXTENSION_ERROR_TYPE);
        if (type == null) {
            reply(request.response(), 403, error("Extension.MissingHeader",
                    RuntimeApi.EXTENSION_ERROR_TYPE + " not found"));
            return;
        }
        String kind = path.equals(RuntimeApi.EXTENSION_INIT_ERROR) ? "init" : "exit";
        extensionErrors.add(extension.name + " " + kind + " error " + type + ": " + body);
        reply(request.response(), 202, new JsonObject().put("status", "OK"));
    }

    private Extension extensionOf(HttpServerRequest request) {
        String id = request.getHeader(RuntimeApi.EXTENSION_IDENTIFIER);
        if (id == null) {
            reply(request.response(), 403, error("Extension.MissingExtensionIdentifier",
                    "Missing " + RuntimeApi.EXTENSION_IDENTIFIER + " header"));
            return null;
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            reply(request.response(), 403, error("Extension.InvalidExtensionIdentifier",
                    "Invalid " + RuntimeApi.EXTENSION_IDENTIFIER));
            return null;
        }
        Extension extension = extensions.get(id);
        if (extension == null) {
            reply(request.response(), 403, error("Extension.UnknownExtensionIdentifier", "Unknown extension " + id));
        }
        return extension;
    }

    private void deliver(Extension extension) {
        if (extension.waiting != null && !extension.undelivered.isEmpty()) {
            HttpServerRequest waiting = extension.waiting;
            extension.waiting = null;
            waiting.response().putHeader(RuntimeApi.EXTENSION_EVENT_IDENTIFIER, UUID.randomUUID().toString());
            reply(waiting.response(), 200, extension.undelivered.poll());
        }
    }

    /** The sandbox is idle once the runtime and every extension wait on {@code next}; Lambda may freeze it then. */
    private void checkIdle() {
        if (idle || waitingRuntime == null || !extensions.values().stream().allMatch(Extension::idle)) {
            return;
        }
        if (initDoneAtNanos == 0 && (!initGate.isDone() || initGate.isCompletedExceptionally())) {
            return;
        }
        idle = true;
        lifecycle.beforeIdle();
        long now = System.nanoTime();
        InFlight done = inFlight;
        inFlight = null;
        // Frozen before anyone learns that init or the invocation is over, so what they do next meets a frozen sandbox.
        lifecycle.freeze();
        if (initDoneAtNanos == 0) {
            initDoneAtNanos = now;
        }
        if (done != null) {
            Pending pending = done.pending;
            pending.result().complete(new Invocation(done.requestId, pending.traceHeader(), done.handedOutAtNanos,
                    done.respondedAtNanos, now, done.error, done.body));
        }
        dispatch();
    }

    private void dispatch() {
        if (!idle || queued.isEmpty() || waitingRuntime == null) {
            return;
        }
        Pending pending = queued.poll();
        idle = false;
        lifecycle.thaw();
        String requestId = UUID.randomUUID().toString();
        long deadlineMs = System.currentTimeMillis() + pending.timeout().toMillis();
        String arn = FUNCTION_ARN + functionName;
        HttpServerResponse response = waitingRuntime.response();
        waitingRuntime = null;
        JsonObject invoke = new JsonObject().put("eventType", "INVOKE").put("deadlineMs", deadlineMs)
                .put("requestId", requestId).put("invokedFunctionArn", arn);
        if (pending.traceHeader() != null) {
            invoke.put("tracing", new JsonObject().put("type", "X-Amzn-Trace-Id").put("value", pending.traceHeader()));
        }
        inFlight = new InFlight(pending, requestId, System.nanoTime());
        response.putHeader(RuntimeApi.REQUEST_ID, requestId)
                .putHeader(RuntimeApi.DEADLINE_MS, String.valueOf(deadlineMs))
                .putHeader(RuntimeApi.INVOKED_FUNCTION_ARN, arn);
        if (pending.traceHeader() != null) {
            response.putHeader(RuntimeApi.TRACE_ID, pending.traceHeader());
        }
        response.putHeader("Content-Type", "application/json");
        long delay = runtimeEventDelayMillis;
        if (delay > 0) {
            context.owner().setTimer(delay, id -> response.end(pending.event()));
        } else {
            response.end(pending.event());
        }
        for (Extension extension : extensions.values()) {
            if (extension.events.contains("INVOKE")) {
                extension.undelivered.add(invoke.copy());
                deliver(extension);
            }
        }
    }

    private static JsonObject error(String type, String message) {
        return new JsonObject().put("errorMessage", message).put("errorType", type);
    }

    private static void reply(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    private <T> CompletableFuture<T> onContext(java.util.function.Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Runtime API endpoint operation failed", e);
        }
    }
}
