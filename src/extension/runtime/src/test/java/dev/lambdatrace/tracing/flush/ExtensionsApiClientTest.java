package dev.lambdatrace.tracing.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.RuntimeApiEndpoint;
import io.vertx.core.Vertx;

/**
 * The client against the lab's emulation of Lambda's Extensions API.
 */
class ExtensionsApiClientTest {

    Vertx vertx;
    RuntimeApiEndpoint lambda;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        lambda = new RuntimeApiEndpoint(vertx, "fn");
    }

    @AfterEach
    void stop() {
        lambda.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void registeredExtensionReceivesTheInvokeEventWithItsRequestIdAndDeadline() throws Exception {
        // given
        ExtensionsApiClient api = new ExtensionsApiClient(lambda.address());
        String identifier = api.register(InternalExtension.NAME, List.of("INVOKE"));
        CompletableFuture<ExtensionsApiClient.Event> event = CompletableFuture.supplyAsync(() -> next(api, identifier));

        // when
        lambda.invoke("{}", HttpApiEvents.sampledTraceHeader());
        runtimeAsksForItsNextEvent();

        // then
        ExtensionsApiClient.Event invoke = event.get(5, TimeUnit.SECONDS);
        assertEquals("INVOKE", invoke.type());
        assertTrue(invoke.requestId() != null && !invoke.requestId().isEmpty());
        assertTrue(invoke.deadlineMs() > System.currentTimeMillis());
        assertEquals(List.of(InternalExtension.NAME), lambda.extensionNames());
    }

    @Test
    void refusedRegistrationThrowsWithLambdasAnswer() throws Exception {
        // given: init is over
        runtimeAsksForItsNextEvent();
        for (int i = 0; i < 200 && lambda.firstNextAtNanos() == 0; i++) {
            Thread.sleep(10);
        }

        IOException refused = assertThrows(IOException.class,
                () -> new ExtensionsApiClient(lambda.address()).register(InternalExtension.NAME, List.of("INVOKE")));

        assertTrue(refused.getMessage().contains("Extension.RegistrationClosed"), refused.getMessage());
    }

    @Test
    void eventParsingReadsTypeRequestIdAndDeadline() throws IOException {
        ExtensionsApiClient.Event event = ExtensionsApiClient.parse("{\"eventType\":\"INVOKE\",\"deadlineMs\":1764000000000,"
                + "\"requestId\":\"8d425400\",\"invokedFunctionArn\":\"arn\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\","
                + "\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793\"}}");

        assertEquals("INVOKE", event.type());
        assertEquals("8d425400", event.requestId());
        assertEquals(1_764_000_000_000L, event.deadlineMs());
    }

    @Test
    void eventParsingTakesFieldsInAnyOrderAndEscapedStringsAndRefusesWhatIsNotAnObject() throws IOException {
        ExtensionsApiClient.Event event = ExtensionsApiClient.parse(" { \"requestId\" : \"a\\\"b\" , \"deadlineMs\": 5,"
                + " \"eventType\": \"SHUTDOWN\", \"shutdownReason\": {\"eventType\": \"nested\"} }");

        assertEquals("a\"b", event.requestId());
        assertEquals("SHUTDOWN", event.type(), "the nested field does not win");
        assertEquals(5, event.deadlineMs());
        assertThrows(IOException.class, () -> ExtensionsApiClient.parse("[1,2]"));
        assertThrows(IOException.class, () -> ExtensionsApiClient.parse("not json"));
    }

    private void runtimeAsksForItsNextEvent() {
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://" + lambda.address() + "/2018-06-01/runtime/invocation/next")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static ExtensionsApiClient.Event next(ExtensionsApiClient api, String identifier) {
        try {
            return api.next(identifier);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
