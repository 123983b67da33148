package dev.lambdatrace.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The endpoint against a hand-driven runtime: the protocol, the timestamps, and Lambda's answers to malformed calls.
 */
class RuntimeApiEndpointTest {

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Vertx vertx;
    RuntimeApiEndpoint endpoint;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        endpoint = new RuntimeApiEndpoint(vertx, "fn");
    }

    @AfterEach
    void stop() {
        endpoint.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void nextHandsOutTheEventWithLambdasHeadersAndTheResponseCompletesTheInvocation() throws Exception {
        // given
        String traceHeader = HttpApiEvents.sampledTraceHeader();
        CompletableFuture<Invocation> result = endpoint.invoke("{\"n\":1}", traceHeader);

        // when
        HttpResponse<String> next = get(RuntimeApi.NEXT);
        String requestId = next.headers().firstValue(RuntimeApi.REQUEST_ID).orElseThrow();
        HttpResponse<String> posted = post(RuntimeApi.INVOCATION + requestId + RuntimeApi.RESPONSE, "{\"ok\":true}");

        // then
        assertEquals(200, next.statusCode());
        assertEquals("{\"n\":1}", next.body());
        assertEquals(traceHeader, next.headers().firstValue(RuntimeApi.TRACE_ID).orElseThrow());
        assertEquals(RuntimeApiEndpoint.FUNCTION_ARN + "fn",
                next.headers().firstValue(RuntimeApi.INVOKED_FUNCTION_ARN).orElseThrow());
        long deadline = Long.parseLong(next.headers().firstValue(RuntimeApi.DEADLINE_MS).orElseThrow());
        assertTrue(deadline > System.currentTimeMillis());
        assertEquals(202, posted.statusCode());
        Invocation invocation = result.get(5, TimeUnit.SECONDS);
        assertEquals(requestId, invocation.requestId());
        assertFalse(invocation.error());
        assertEquals("{\"ok\":true}", invocation.body());
        assertTrue(invocation.durationNanos() > 0);
        assertTrue(endpoint.firstNextAtNanos() > 0);
    }

    @Test
    void nextWaitsUntilAnEventIsQueued() throws Exception {
        // given a runtime already waiting
        CompletableFuture<HttpResponse<String>> next = client.sendAsync(request(RuntimeApi.NEXT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + endpoint.address() + path)).timeout(Duration.ofSeconds(10));
    }
}
