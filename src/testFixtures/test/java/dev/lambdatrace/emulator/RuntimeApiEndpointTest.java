package dev.lambdatrace.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The endpoint against a hand-driven runtime and extension: the protocols, the timestamps, when the sandbox counts
 * as idle, and Lambda's answers to wrong calls.
 */
class RuntimeApiEndpointTest {

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    Vertx vertx;
    RuntimeApiEndpoint endpoint;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        endpoint = new RuntimeApiEndpoint(vertx, "fn");
        endpoint.lifecycle(new SandboxLifecycle() {
            @Override
            public void beforeIdle() {
                lifecycle.add("idle");
            }

            @Override
            public void freeze() {
                lifecycle.add("freeze");
            }

            @Override
            public void thaw() {
                lifecycle.add("thaw");
            }
        });
    }

    @AfterEach
    void stop() {
        endpoint.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void nextHandsOutTheEventWithLambdasHeadersAndTheNextNextCompletesTheInvocation() throws Exception {
        // given
        String traceHeader = HttpApiEvents.sampledTraceHeader();
        CompletableFuture<Invocation> result = endpoint.invoke("{\"n\":1}", traceHeader, Duration.ofSeconds(3));

        // when
        HttpResponse<String> next = get(RuntimeApi.NEXT);
        String requestId = next.headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();
        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{\"ok\":true}");
        assertFalse(result.isDone(), "the runtime has not asked for its next event yet");
        getAsync(RuntimeApi.NEXT);

        // then
        assertEquals(200, next.statusCode());
        assertEquals("{\"n\":1}", next.body());
        assertEquals(traceHeader, next.headers().firstValue(RuntimeApi.TRACE_ID).orElseThrow());
        assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "fn",
                next.headers().firstValue(RuntimeApi.INVOKED_FUNCTION_ARN).orElseThrow());
        long deadline = Long.parseLong(next.headers().firstValue(RuntimeApi.DEADLINE_MS).orElseThrow());
        long untilDeadline = deadline - System.currentTimeMillis();
        assertTrue(untilDeadline > 2_000 && untilDeadline <= 3_000, "deadline in " + untilDeadline + " ms");
        assertEquals(202, posted.statusCode());
        Invocation invocation = result.get(5, TimeUnit.SECONDS);
        assertEquals(requestId, invocation.requestId());
        assertFalse(invocation.error());
        assertEquals("{\"ok\":true}", invocation.body());
        assertTrue(invocation.responseNanos() > 0 && invocation.doneNanos() >= invocation.responseNanos());
        assertTrue(endpoint.firstNextAtNanos() > 0 && endpoint.initDoneAtNanos() > 0);
    }

    @Test
    void eventWithoutTraceHeaderIsHandedOutWithoutLambdaRuntimeTraceId() throws Exception {
        endpoint.invoke("{}", null);

        HttpResponse<String> next = get(RuntimeApi.NEXT);

        assertTrue(next.headers().firstValue(RuntimeApi.TRACE_ID).isEmpty());
    }

    @Test
    void nextWaitsUntilAnEventIsQueued() throws Exception {
        // given a runtime already waiting
        CompletableFuture<HttpResponse<String>> next = getAsync(RuntimeApi.NEXT);
        Thread.sleep(200);
        assertFalse(next.isDone());

        // when
        endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());

        // then
        assertEquals(200, next.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void errorPostCompletesTheInvocationAsAnError() throws Exception {
        CompletableFuture<Invocation> result = endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());
        String requestId = get(RuntimeApi.NEXT).headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();

        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + requestId + RuntimeApi.ERROR,
                "{\"errorMessage\":\"boom\",\"errorType\":\"Boom\"}");
        getAsync(RuntimeApi.NEXT);

        assertEquals(202, posted.statusCode());
        assertTrue(result.get(5, TimeUnit.SECONDS).error());
    }

    @Test
    void responseForAnUnknownRequestIdIsRejectedWithInvalidRequestId() throws Exception {
        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + "no-such-id" + RuntimeApi.RESPONSE, "{}");

        assertEquals(400, posted.statusCode());
        assertEquals("InvalidRequestID", new JsonObject(posted.body()).getString("errorType"));
    }

    @Test
    void secondResponseForTheSameInvocationIsRejectedWithInvalidStateTransition() throws Exception {
        endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());
        String requestId = get(RuntimeApi.NEXT).headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();
        post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{}");

        HttpResponse<String> again = post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{}");

        assertEquals(403, again.statusCode());
        assertEquals("InvalidStateTransition", new JsonObject(again.body()).getString("errorType"));
    }

    @Test
    void responseOverSixMegabytesIsRejectedAndTheInvocationStaysOpen() throws Exception {
        CompletableFuture<Invocation> result = endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());
        String requestId = get(RuntimeApi.NEXT).headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();

        HttpResponse<String> tooLarge = post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE,
                "x".repeat(RuntimeApiEndpoint.MAX_PAYLOAD_BYTES + 1));

        assertEquals(413, tooLarge.statusCode());
        assertEquals("RequestEntityTooLarge", new JsonObject(tooLarge.body()).getString("errorType"));
        assertFalse(result.isDone());
        assertEquals(202, post(RuntimeApi.INVOCATION + requestId + RuntimeApi.ERROR, "{}").statusCode());
    }

    @Test
    void initErrorIsAcceptedAndKept() throws Exception {
        HttpResponse<String> posted = post(RuntimeApi.INIT_ERROR, "{\"errorMessage\":\"no handler\"}");

        assertEquals(202, posted.statusCode());
        assertEquals("{\"errorMessage\":\"no handler\"}", endpoint.initError());
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertEquals(404, get("/2018-06-01/runtime/nope").statusCode());
    }

    @Test
    void extensionRegisteredDuringInitGetsAnIdentifierAndTheFunctionsName() throws Exception {
        HttpResponse<String> registered = register("flusher", "INVOKE");

        assertEquals(200, registered.statusCode());
        assertFalse(registered.headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER).orElseThrow().isBlank());
        assertEquals("fn", new JsonObject(registered.body()).getString("functionName"));
        assertEquals(List.of("flusher"), endpoint.extensionNames());
    }

    @Test
    void registrationAfterTheRuntimesFirstNextIsRefused() throws Exception {
        getAsync(RuntimeApi.NEXT);
        awaitFirstNext();

        HttpResponse<String> late = register("late", "INVOKE");

        assertEquals(403, late.statusCode());
        assertEquals("Extension.RegistrationClosed", new JsonObject(late.body()).getString("errorType"));
        assertTrue(endpoint.extensionNames().isEmpty());
    }

    @Test
    void registrationWithoutANameOrWithAnUnknownEventIsRefused() throws Exception {
        HttpResponse<String> nameless = client.send(request(RuntimeApi.EXTENSION_REGISTER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownEvent = register("odd", "SNOOZE");

        assertEquals(403, nameless.statusCode());
        assertEquals("Extension.InvalidExtensionName", new JsonObject(nameless.body()).getString("errorType"));
        assertEquals(403, unknownEvent.statusCode());
        assertEquals("Extension.InvalidEventType", new JsonObject(unknownEvent.body()).getString("errorType"));
        assertTrue(endpoint.extensionNames().isEmpty());
    }

    @Test
    void extensionNextWithoutOrWithAnUnknownIdentifierIsRefused() throws Exception {
        HttpResponse<String> missing = get(RuntimeApi.EXTENSION_NEXT);
        HttpResponse<String> unknown = client.send(request(RuntimeApi.EXTENSION_NEXT)
                .header(RuntimeApi.EXTENSION_IDENTIFIER, java.util.UUID.randomUUID().toString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, missing.statusCode());
        assertEquals("Extension.MissingExtensionIdentifier", new JsonObject(missing.body()).getString("errorType"));
        assertEquals(403, unknown.statusCode());
        assertEquals("Extension.UnknownExtensionIdentifier", new JsonObject(unknown.body()).getString("errorType"));
    }

    @Test
    void registeredExtensionGetsEachInvokeEventAndTheInvocationIsDoneOnlyWhenItIsBackOnNext() throws Exception {
        // given
        String id = register("flusher", "INVOKE").headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER).orElseThrow();
        CompletableFuture<HttpResponse<String>> extensionEvent = extensionNext(id);
        String traceHeader = HttpApiEvents.sampledTraceHeader();
        CompletableFuture<Invocation> first = endpoint.invoke("{}", traceHeader);
        CompletableFuture<Invocation> second = endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());

        // when the runtime answers and asks again, the extension is still busy
        HttpResponse<String> next = get(RuntimeApi.NEXT);
        String requestId = next.headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();
        post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{}");
        CompletableFuture<HttpResponse<String>> runtimeWaits = getAsync(RuntimeApi.NEXT);
        Thread.sleep(200);

        // then
        JsonObject invoke = new JsonObject(extensionEvent.get(5, TimeUnit.SECONDS).body());
        assertEquals("INVOKE", invoke.getString("eventType"));
        assertEquals(requestId, invoke.getString("requestId"));
        assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "fn", invoke.getString("invokedFunctionArn"));
        assertEquals(traceHeader, invoke.getJsonObject("tracing").getString("value"));
        assertTrue(invoke.getLong("deadlineMs") > System.currentTimeMillis());
        assertFalse(first.isDone(), "done only when the extension waits on next too");
        assertFalse(runtimeWaits.isDone(), "no next event while the extension is busy");
        assertEquals(List.of("idle", "freeze", "thaw"), lifecycle, "only init's freeze while the extension is busy");

        // when the extension is back on next
        CompletableFuture<HttpResponse<String>> secondEvent = extensionNext(id);

        // then
        Invocation done = first.get(5, TimeUnit.SECONDS);
        assertTrue(done.doneAtNanos() > done.respondedAtNanos());
        assertEquals(200, runtimeWaits.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals("INVOKE", new JsonObject(secondEvent.get(5, TimeUnit.SECONDS).body()).getString("eventType"));
        assertFalse(second.isDone());
    }

    @Test
    void sandboxFreezesOnlyWhenTheRuntimeAndEveryExtensionWaitAndThawsBeforeTheEventGoesOut() throws Exception {
        // given: init, with one extension
        String id = register("flusher", "INVOKE").headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER).orElseThrow();
        CompletableFuture<HttpResponse<String>> runtimeNext = getAsync(RuntimeApi.NEXT);
        Thread.sleep(100);
        assertEquals(List.of(), lifecycle, "the extension has not finished its init");
        CompletableFuture<HttpResponse<String>> extensionEvent = extensionNext(id);
        awaitLifecycle("freeze");
        assertEquals(List.of("idle", "freeze"), lifecycle);

        // when
        endpoint.invoke("{}", HttpApiEvents.sampledTraceHeader());
        String requestId = runtimeNext.get(5, TimeUnit.SECONDS).headers().firstValue(RuntimeApi.REQUEST_ID)
                .orElseThrow();
        extensionEvent.get(5, TimeUnit.SECONDS);

        // then
        assertEquals(List.of("idle", "freeze", "thaw"), lifecycle);
        post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{}");
        getAsync(RuntimeApi.NEXT);
        Thread.sleep(100);
        assertEquals(3, lifecycle.size(), "the extension is still busy: " + lifecycle);
        extensionNext(id);
        awaitLifecycle("freeze", 2);
        assertEquals(List.of("idle", "freeze", "thaw", "idle", "freeze"), lifecycle);
    }

    @Test
    void internalExtensionsCannotAskForShutdown() throws Exception {
        HttpResponse<String> refused = client.send(request(RuntimeApi.EXTENSION_REGISTER)
                .header(RuntimeApi.EXTENSION_NAME, "internal")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("ShutdownEventNotSupportedForInternalExtension"), refused.body());
    }

    @Test
    void extensionErrorsAreKeptAndShutdownGoesToTheExternalExtensionsThatAskedForIt() throws Exception {
        // given
        endpoint.externalExtension("b");
        String invokeOnly = register("a", "INVOKE").headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER).orElseThrow();
        String both = client.send(request(RuntimeApi.EXTENSION_REGISTER).header(RuntimeApi.EXTENSION_NAME, "b")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}")).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue(RuntimeApi.EXTENSION_IDENTIFIER)
                .orElseThrow();
        HttpResponse<String> initError = client.send(request(RuntimeApi.EXTENSION_INIT_ERROR)
                .header(RuntimeApi.EXTENSION_IDENTIFIER, invokeOnly)
                .header(RuntimeApi.EXTENSION_ERROR_TYPE, "Extension.Broken")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> aNext = extensionNext(invokeOnly);
        CompletableFuture<HttpResponse<String>> bNext = extensionNext(both);

        // when
        endpoint.shutdown(Duration.ofSeconds(2));

        // then
        assertEquals(202, initError.statusCode());
        assertTrue(endpoint.extensionErrors().get(0).contains("Extension.Broken"), endpoint.extensionErrors().toString());
        JsonObject shutdown = new JsonObject(bNext.get(5, TimeUnit.SECONDS).body());
        assertEquals("SHUTDOWN", shutdown.getString("eventType"));
        assertNotNull(shutdown.getLong("deadlineMs"));
        Thread.sleep(100);
        assertFalse(aNext.isDone(), "an extension registered for INVOKE only gets no SHUTDOWN");
    }

    private void awaitFirstNext() throws InterruptedException {
        for (int i = 0; i < 500 && endpoint.firstNextAtNanos() == 0; i++) {
            Thread.sleep(10);
        }
    }

    private void awaitLifecycle(String step) throws InterruptedException {
        awaitLifecycle(step, 1);
    }

    private void awaitLifecycle(String step, int times) throws InterruptedException {
        for (int i = 0; i < 500 && lifecycle.stream().filter(step::equals).count() < times; i++) {
            Thread.sleep(10);
        }
    }

    private HttpResponse<String> register(String name, String event) throws Exception {
        return client.send(request(RuntimeApi.EXTENSION_REGISTER).header(RuntimeApi.EXTENSION_NAME, name)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"" + event + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> extensionNext(String id) {
        return client.sendAsync(request(RuntimeApi.EXTENSION_NEXT).header(RuntimeApi.EXTENSION_IDENTIFIER, id).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + endpoint.address() + path)).timeout(Duration.ofSeconds(10));
    }
}
