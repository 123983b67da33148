package dev.lambdatrace.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A loopback OTLP receiver that decodes the real protobuf requests, over gRPC (HTTP/2 cleartext) and http/protobuf
 * on one port, and can misbehave the ways a collector layer does. It takes traces, and metrics and logs as well.
 */
public final class OtlpReceiver implements SpanSink {

    /** How the receiver answers an export. */
    public enum Behaviour {
        /** Record the spans and acknowledge at once, like a collector that decouples its export. */
        ACKNOWLEDGE,
        /** Record the spans and acknowledge after {@link #delay(Duration)}, like a collector exporting inline. */
        DELAY,
        /** Accept the request and never answer. */
        SILENT,
        /** Answer every export with an error. */
        ERROR
    }

    public static final String GRPC_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public static final String HTTP_PATH = "/v1/traces";
    static final String METRICS_GRPC_PATH = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    static final String METRICS_HTTP_PATH = "/v1/metrics";
    static final String LOGS_GRPC_PATH = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
    static final String LOGS_HTTP_PATH = "/v1/logs";
    private static final int GRPC_UNAVAILABLE = 14;

    // One event loop, as a collector layer serves its one function: the warm-up then warms the thread that will serve
    // the function's connection, instead of one of several the function's first flush would find cold.
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    // Appends stay O(1) at the lab's 100,000 invocations; readers take copies.
    private final List<ReceivedSpan> spans = Collections.synchronizedList(new ArrayList<>());
    private final List<ReceivedMetric> metrics = Collections.synchronizedList(new ArrayList<>());
    private final List<ReceivedLogRecord> logRecords = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger exports = new AtomicInteger();
    private volatile Map<String, String> lastHeaders = Map.of();
    private volatile Behaviour behaviour = Behaviour.ACKNOWLEDGE;
    private volatile long delayMillis = 10;
    private volatile HttpServer server;
    private final Duration idleTimeout;
    private final int port;

    private OtlpReceiver(int port, Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        this.port = listen(port);
        warmUp();
    }

    /**
     * Answers a few empty exports of its own before anyone else's: a collector layer has been running since init,
     * so the function's first flush must not pay for this receiver's new event loop and first connection.
     */
    private void warmUp() {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
        try {
            for (int i = 0; i < 20; i++) {
                client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(address()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(empty)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the receiver does not answer its own warm-up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exports.set(0);
        connections.set(0);
    }

    /** Listens on 127.0.0.1; port 0 picks a free one. */
    public static OtlpReceiver start(int port) {
        return new OtlpReceiver(port, Duration.ZERO);
    }

    /**
     * Closes every connection that has been idle for {@code idleTimeout}, as a collector's HTTP server does (Go's
     * {@code http.Server.IdleTimeout}; the OpenTelemetry Collector's default is one minute).
     */
    public static OtlpReceiver closingIdleConnections(Duration idleTimeout) {
        return new OtlpReceiver(0, idleTimeout);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The OTLP/HTTP traces URL. */
    @Override
    public String address() {
        return endpoint() + HTTP_PATH;
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public void delay(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    /** Closes the port and every open connection: exports are refused until {@link #resume()}. */
    @Override
    public void refuseConnections() {
        HttpServer current = server;
        server = null;
        if (current != null) {
            await(current.close().toCompletionStage().toCompletableFuture());
        }
    }

    public void resume() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public List<ReceivedSpan> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    /** Every metric received so far, one entry per metric of each export. */
    public List<ReceivedMetric> metrics() {
        synchronized (metrics) {
            return List.copyOf(metrics);
        }
    }

    /** Every log record received so far. */
    public List<ReceivedLogRecord> logRecords() {
        synchronized (logRecords) {
            return List.copyOf(logRecords);
        }
    }

    /** TCP connections accepted since start. */
    public int connections() {
        return connections.get();
    }

    /** The request headers of the last export, names in any case. */
    public Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    /** Export requests received since start, answered or not. */
    public int exports() {
        return exports.get();
    }

    @Override
    public void close() {
        refuseConnections();
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private int listen(int requestedPort) {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true);
        if (!idleTimeout.isZero()) {
            options.setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        HttpServer created = vertx.createHttpServer(options)
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(this::onRequest);
        server = await(created.listen(requestedPort).toCompletionStage().toCompletableFuture());
        return server.actualPort();
    }

    private void onRequest(HttpServerRequest request) {
        String path = request.path();
        boolean grpc = GRPC_PATH.equals(path);
        if (!grpc && !HTTP_PATH.equals(path)) {
            onOtherSignal(request, path);
            return;
        }
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
        request.body().onSuccess(body -> {
            lastHeaders = headers;
            exports.incrementAndGet();
            Behaviour now = behaviour;
            if (now == Behaviour.SILENT) {
                return;
            }
            HttpServerResponse response = request.response();
            if (now == Behaviour.ERROR) {
                fail(response, grpc);
                return;
            }
            try {
                record(ExportTraceServiceRequest.parseFrom(grpc ? unframe(body) : body.getBytes()));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                response.setStatusCode(400).end(e.getMessage());
                return;
            }
            if (now == Behaviour.DELAY) {
                vertx.setTimer(Math.max(1, delayMillis), id -> acknowledge(response, grpc));
            } else {
                acknowledge(response, grpc);
            }
        });
    }

    /** Metrics and logs: decoded, kept and acknowledged at once, or refused when the receiver is told to fail. */
    private void onOtherSignal(HttpServerRequest request, String path) {
        boolean grpc = path.equals(METRICS_GRPC_PATH) || path.equals(LOGS_GRPC_PATH);
        boolean isMetrics = path.equals(METRICS_GRPC_PATH) || path.equals(METRICS_HTTP_PATH);
        if (!isMetrics && !path.equals(LOGS_GRPC_PATH) && !path.equals(LOGS_HTTP_PATH)) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            if (behaviour == Behaviour.ERROR) {
                fail(request.response(), grpc);
                return;
            }
            try {
                byte[] message = grpc ? unframe(body) : body.getBytes();
                if (isMetrics) {
                    metrics.addAll(ReceivedMetric.allOf(ExportMetricsServiceRequest.parseFrom(message)));
                } else {
                    logRecords.addAll(ReceivedLogRecord.allOf(ExportLogsServiceRequest.parseFrom(message)));
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                request.response().setStatusCode(400).end(e.getMessage());
                return;
            }
            // Every OTLP answer is an empty message when all was accepted.
            acknowledge(request.response(), grpc);
        });
    }

    private void record(ExportTraceServiceRequest export) {
        spans.addAll(ReceivedSpan.allOf(export, System.nanoTime()));
    }

    private static byte[] unframe(Buffer body) {
        // gRPC message framing: 1 byte compressed flag, 4 bytes big-endian length, then the message.
        if (body.length() < 5 || body.getByte(0) != 0) {
            throw new IllegalArgumentException("expected one uncompressed gRPC message");
        }
        int length = body.getInt(1);
        return body.getBytes(5, 5 + length);
    }

    private static void acknowledge(HttpServerResponse response, boolean grpc) {
        byte[] message = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        if (grpc) {
            Buffer framed = Buffer.buffer().appendByte((byte) 0).appendInt(message.length).appendBytes(message);
            response.putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0").end(framed);
        } else {
            response.putHeader("content-type", "application/x-protobuf").end(Buffer.buffer(message));
        }
    }

    private static void fail(HttpServerResponse response, boolean grpc) {
        if (grpc) {
            response.putHeader("content-type", "application/grpc")
                    .putTrailer("grpc-status", String.valueOf(GRPC_UNAVAILABLE))
                    .putTrailer("grpc-message", "receiver told to fail")
                    .end();
        } else {
            response.setStatusCode(503).end("receiver told to fail");
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("OTLP receiver operation failed", e);
        }
    }
}
