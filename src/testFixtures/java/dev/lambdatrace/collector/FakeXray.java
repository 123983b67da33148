package dev.lambdatrace.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * AWS X-Ray's {@code PutTraceSegments} on loopback, for the collector's {@code awsxray} exporter: takes
 * {@code POST /TraceSegments}, keeps every segment document, and answers as X-Ray does; it can be told to answer
 * slowly, or to fail. Requests are not authenticated: the exporter signs them with dummy credentials.
 */
public final class FakeXray implements AutoCloseable {

    static final String PATH = "/TraceSegments";
    // X-Ray takes at most 50 documents per call.
    static final int MAX_DOCUMENTS = 50;

    // One event loop: the delay is a timer on it, never a sleep.
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final List<XraySegment> segments = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();
    private final HttpServer server;
    private volatile long delayMillis;
    private volatile int failWithStatus;

    private FakeXray() {
        this.server = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
                .requestHandler(this::onRequest).listen(0).toCompletionStage().toCompletableFuture());
    }

    /** Listens on a free port of 127.0.0.1. */
    public static FakeXray start() {
        return new FakeXray();
    }

    /** What the exporter's {@code endpoint} is set to. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Answers each call only after {@code delay}, as X-Ray's own latency does to an exporter that waits for it. */
    public FakeXray delay(Duration delay) {
        this.delayMillis = delay.toMillis();
        return this;
    }

    /** Answers every call with {@code status} (X-Ray's error body) and keeps nothing; 0 answers normally again. */
    public FakeXray failWith(int status) {
        this.failWithStatus = status;
        return this;
    }

    /** Every segment document received so far, in order of arrival. */
    public List<XraySegment> segments() {
        synchronized (segments) {
            return List.copyOf(segments);
        }
    }

    /** PutTraceSegments calls received so far, answered or not. */
    public int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private void onRequest(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            long receivedAt = System.nanoTime();
            calls.incrementAndGet();
            int failure = failWithStatus;
            JsonObject answer;
            int status;
            if (failure != 0) {
                status = failure;
                answer = new JsonObject().put("__type", failure == 429 ? "ThrottledException" : "InternalFailure")
                        .put("message", "fake X-Ray told to fail");
            } else {
                status = 200;
                answer = record(body.toJsonObject(), receivedAt);
            }
            Runnable reply = () -> request.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json").end(answer.toBuffer());
            long delay = delayMillis;
            if (delay > 0) {
                vertx.setTimer(delay, id -> reply.run());
            } else {
                reply.run();
            }
        });
    }

    private JsonObject record(JsonObject call, long receivedAt) {
        JsonArray documents = call.getJsonArray("TraceSegmentDocuments", new JsonArray());
        JsonArray unprocessed = new JsonArray();
        for (int i = 0; i < documents.size(); i++) {
            String document = documents.getString(i);
            if (i >= MAX_DOCUMENTS) {
                unprocessed.add(new JsonObject().put("ErrorCode", "TooManyDocuments").put("Message", "over 50"));
                continue;
            }
            segments.add(new XraySegment(new JsonObject(document), receivedAt));
        }
        return new JsonObject().put("UnprocessedTraceSegments", unprocessed);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake X-Ray operation failed", e);
        }
    }
}
