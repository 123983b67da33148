package dev.lambdatrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.lambdatrace.tracing.export.LogThrottle;

/**
 * One Runtime API worker against a Runtime API on loopback that hands out one invocation with a deadline: answered
 * when the handler returns; reported failed and given up when the handler is still running past the deadline, with
 * nothing posted when the handler returns at last.
 */
class RuntimeApiWorkerTest {

    static final long GENEROUS_SECONDS = 20;
    static final String EVENT = "{\"version\":\"2.0\",\"rawPath\":\"/\"}";

    final List<String> posted = new CopyOnWriteArrayList<>();
    final CountDownLatch testOver = new CountDownLatch(1);
    final AtomicInteger nexts = new AtomicInteger();
    HttpServer runtimeApi;

    @AfterEach
    void stop() {
        testOver.countDown();
        if (runtimeApi != null) {
            runtimeApi.stop(0);
        }
    }

    @Test
    void invocationIsAnsweredForItsOwnRequestId() throws Exception {
        // given
        startRuntimeApi(60_000);
        RuntimeApiWorker worker = worker((event, context) -> ok());

        // when
        Thread thread = start(worker);

        // then
        awaitPosted(1);
        assertEquals(List.of("/2018-06-01/runtime/invocation/request-1/response"), posted);
        worker.stop();
        thread.interrupt();
    }

    @Test
    void handlerStillRunningPastTheDeadlineIsReportedAndItsLateAnswerNeverPosted() throws Exception {
        // given: an invocation with 100 ms left, and a handler that returns only when told
        startRuntimeApi(100);
        CountDownLatch release = new CountDownLatch(1);
        RuntimeApiWorker worker = worker((event, context) -> {
            await(release);
            return ok();
        });
        Thread thread = start(worker);
        awaitNexts(1);
        assertFalse(worker.abandonIfOverdue(System.nanoTime(), Duration.ofSeconds(60)), "not yet overdue");

        // when: well past the deadline
        Thread.sleep(300);
        boolean abandoned = worker.abandonIfOverdue(System.nanoTime(), Duration.ofMillis(100));
        release.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));

        // then
        assertTrue(abandoned);
        assertEquals(List.of("/2018-06-01/runtime/invocation/request-1/error"), posted, "no late answer");
        assertFalse(thread.isAlive(), "the worker stopped, to be replaced");
        assertFalse(worker.abandonIfOverdue(System.nanoTime(), Duration.ZERO), "given up once");
    }

    private void startRuntimeApi(long deadlineInMillis) throws IOException {
        runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        runtimeApi.createContext("/2018-06-01/runtime/invocation/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/next")) {
                if (nexts.incrementAndGet() > 1) {
                    // The next invocation does not come while the test runs.
                    await(testOver);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "request-1");
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + deadlineInMillis));
                reply(exchange, 200, EVENT);
            } else {
                exchange.getRequestBody().readAllBytes();
                posted.add(path);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            }
        });
        runtimeApi.setExecutor(Executors.newCachedThreadPool());
        runtimeApi.start();
    }

    private RuntimeApiWorker worker(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return RuntimeApiWorker.of("127.0.0.1:" + runtimeApi.getAddress().getPort(), handler,
                new RuntimeApiWorker.Codec(mapper), new LogThrottle());
    }

    private static Thread start(RuntimeApiWorker worker) {
        Thread thread = new Thread(worker, "worker");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void awaitPosted(int answers) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (posted.size() < answers && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    private void awaitNexts(int calls) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (nexts.get() < calls && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    private static APIGatewayV2HTTPResponse ok() {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        return response;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
