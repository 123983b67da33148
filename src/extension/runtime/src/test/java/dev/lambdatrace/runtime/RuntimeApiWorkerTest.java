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
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    final List<String> errorTypes = new CopyOnWriteArrayList<>();
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
        RuntimeApiWorker worker = workerHeldBy(release);
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

    /**
     * The watcher and the handler's return, at the same moment, again and again: exactly one of them decides each
     * invocation's fate. Either the worker answers it and goes on, or the watcher reports it failed and the worker
     * never asks for another: no invocation is answered twice, and none taken by a given-up worker goes unanswered.
     */
    @Test
    void watcherAndReturningHandlerRacingLeaveEveryInvocationAnsweredExactlyOnce() throws Exception {
        // given: a Runtime API whose invocations are all overdue, and handlers that return as the watcher looks
        Map<String, List<String>> answers = new ConcurrentHashMap<>();
        Map<String, String> takenBy = new ConcurrentHashMap<>();
        AtomicInteger handedOut = new AtomicInteger();
        startRacingRuntimeApi(answers, takenBy, handedOut);
        int rounds = 1_000;
        AtomicReference<String> roundInvocation = new AtomicReference<>();
        AtomicReference<String> released = new AtomicReference<>();
        CyclicBarrier together = new CyclicBarrier(2, () -> released.set(roundInvocation.get()));
        RuntimeApiWorker worker = null;
        Thread thread = null;
        int abandoned = 0;

        // when
        for (int round = 0; round < rounds; round++) {
            if (worker == null) {
                worker = worker((event, context) -> {
                    roundInvocation.set(context.getAwsRequestId());
                    awaitTogether(together);
                    // Returns anywhere from at once to a few microseconds later: the watcher's look falls before,
                    // during or after the worker's own bookkeeping.
                    long returnAt = System.nanoTime() + ThreadLocalRandom.current().nextLong(20_000);
                    while (System.nanoTime() < returnAt) {
                        Thread.onSpinWait();
                    }
                    return ok();
                });
                thread = new Thread(worker, "worker-" + round);
                thread.setDaemon(true);
                thread.start();
            }
            awaitTogether(together);
            // A grace before the deadline: every invocation in flight is overdue to this watcher.
            if (worker.abandonIfOverdue(System.nanoTime(), Duration.ofMinutes(-2))) {
                abandoned++;
                if (!released.get().equals("request-" + handedOut.get())) {
                    // On a busy machine the worker answered this round's invocation and took the next before the
                    // watcher looked: the watcher gave that one up, and its handler waits here for its round.
                    awaitTogether(together);
                }
                thread.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
                assertFalse(thread.isAlive(), "a given-up worker stops");
                worker = null;
            }
        }
        if (worker != null) {
            worker.stop();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (answers.size() < handedOut.get() - (worker != null ? 1 : 0) && System.nanoTime() < until) {
            Thread.sleep(10);
        }

        // then
        for (Map.Entry<String, List<String>> answer : answers.entrySet()) {
            assertEquals(1, answer.getValue().size(), answer.getKey() + " answered " + answer.getValue());
        }
        assertTrue(answers.size() >= handedOut.get() - 1, handedOut.get() + " handed out, " + answers.size()
                + " answered: an invocation taken by a given-up worker was never answered");
        System.out.printf("%d rounds: %d invocations given up by the watcher, %d answered by their worker%n", rounds,
                abandoned, answers.size() - abandoned);
    }

    private void startRacingRuntimeApi(Map<String, List<String>> answers, Map<String, String> takenBy,
            AtomicInteger handedOut) throws IOException {
        runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        runtimeApi.createContext("/2018-06-01/runtime/invocation/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/next")) {
                String requestId = "request-" + handedOut.incrementAndGet();
                takenBy.put(requestId, Thread.currentThread().getName());
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + 60_000));
                reply(exchange, 200, EVENT);
            } else {
                exchange.getRequestBody().readAllBytes();
                String requestId = path.split("/")[4];
                answers.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>())
                        .add(path.substring(path.lastIndexOf('/') + 1));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            }
        });
        runtimeApi.setExecutor(Executors.newCachedThreadPool());
        runtimeApi.start();
    }

    private static void awaitTogether(CyclicBarrier barrier) {
        try {
            barrier.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
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
                String errorType = exchange.getRequestHeaders().getFirst(RuntimeApiWorker.ERROR_TYPE_HEADER);
                if (errorType != null) {
                    errorTypes.add(errorType);
                }
                posted.add(path);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            }
        });
        runtimeApi.setExecutor(Executors.newCachedThreadPool());
        runtimeApi.start();
    }

    @Test
    void stopWhileAnInvocationRunsStillAnswersItAndAsksForNoOther() throws Exception {
        // given: a handler that returns only when told
        startRuntimeApi(60_000);
        CountDownLatch release = new CountDownLatch(1);
        RuntimeApiWorker worker = workerHeldBy(release);
        Thread thread = start(worker);
        awaitNexts(1);

        // when: the environment shuts down (SIGTERM) while the handler runs, then the handler returns
        worker.stop();
        release.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));

        // then
        assertEquals(List.of("/2018-06-01/runtime/invocation/request-1/response"), posted, "answered");
        assertFalse(thread.isAlive(), "and done");
        assertEquals(1, nexts.get(), "no other invocation asked for");
    }

    @Test
    void failedInvocationIsReportedWithItsErrorTypeAsTheRuntimeApiExpects() throws Exception {
        // given
        startRuntimeApi(60_000);
        RuntimeApiWorker worker = worker((event, context) -> {
            throw new IllegalStateException("the handler failed on purpose");
        });

        // when
        Thread thread = start(worker);

        // then
        awaitPosted(1);
        assertEquals(List.of("/2018-06-01/runtime/invocation/request-1/error"), posted);
        assertEquals(List.of(IllegalStateException.class.getName()), errorTypes);
        awaitNexts(2);
        assertTrue(thread.isAlive(), "an invocation's failure ends the invocation, not the worker");
        worker.stop();
    }

    @Test
    void failureOfTheJvmItselfIsReportedThenEndsTheProcessAsAwssRuntimeClientDoes() throws Exception {
        // given
        startRuntimeApi(60_000);
        CountDownLatch ended = new CountDownLatch(1);
        List<Throwable> fatal = new CopyOnWriteArrayList<>();
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        RuntimeApiWorker worker = RuntimeApiWorker.of("127.0.0.1:" + runtimeApi.getAddress().getPort(),
                (event, context) -> {
                    throw new OutOfMemoryError("Java heap space, on purpose");
                }, new RuntimeApiWorker.Codec(mapper), new LogThrottle(), error -> {
                    fatal.add(error);
                    ended.countDown();
                });

        // when
        Thread thread = start(worker);

        // then
        assertTrue(ended.await(GENEROUS_SECONDS, TimeUnit.SECONDS), "the process would have ended");
        assertTrue(fatal.get(0) instanceof OutOfMemoryError, fatal.toString());
        assertEquals(List.of("/2018-06-01/runtime/invocation/request-1/error"), posted);
        assertEquals(List.of("Runtime.FatalError"), errorTypes);
        thread.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
        assertEquals(1, nexts.get(), "no other invocation taken");
    }

    /** A worker whose handler returns only once {@code release} is counted down. */
    private RuntimeApiWorker workerHeldBy(CountDownLatch release) {
        return worker((event, context) -> {
            await(release);
            return ok();
        });
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
