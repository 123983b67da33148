package dev.lambdatrace.runtime;

import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.lambdatrace.tracing.export.LogThrottle;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;

/**
 * One worker of the Runtime API: its own {@code /next} long poll, the event handed to Quarkus' HTTP handler on this
 * thread, the answer posted for this invocation's request ID. A failed {@code /next} is asked again, with a pause that
 * grows to a second; a failed invocation is reported to Lambda and the worker goes on, as AWS's runtime clients do,
 * unless the JVM itself failed ({@link VirtualMachineError}, {@link IOError}): then the process ends, as theirs does.
 * <p>
 * The fate of the invocation in flight has one owner at a time: the worker when its handler returns, or the overdue
 * watcher ({@link #abandonIfOverdue}), which reports it failed; whichever comes first decides, and a worker given up
 * posts nothing more and never asks for another invocation. A stop ({@link #stop}) lets the invocation in flight be
 * answered, then ends the loop.
 */
final class RuntimeApiWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(RuntimeApiWorker.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;
    // Posting an answer to the Runtime API on loopback takes milliseconds; one that hangs must not hold the caller.
    static final int POST_TIMEOUT_MILLIS = 2_000;
    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

    /** Quarkus' object mapper, bound once to the event and response types: thread-safe, shared by the workers. */
    record Codec(ObjectMapper mapper, ObjectReader events, ObjectWriter responses) {
        Codec(ObjectMapper mapper) {
            this(mapper, mapper.readerFor(APIGatewayV2HTTPEvent.class),
                    mapper.writerFor(APIGatewayV2HTTPResponse.class));
        }
    }

    /** The invocation the handler is running, and when Lambda's deadline for it passes (System.nanoTime). */
    private record InFlight(String requestId, long deadlineNanos) {
    }

    // Taken by the watcher in place of the invocation it gave up: the worker then knows it lost the invocation.
    private static final InFlight ABANDONED = new InFlight(null, 0);
    // No deadline was sent: never overdue.
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String baseUrl;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final Codec codec;
    private final LogThrottle failedNexts;
    private final Consumer<Throwable> onFatal;
    private final AtomicReference<InFlight> inFlight = new AtomicReference<>();
    private volatile boolean stopping;

    /** A worker of the Runtime API at {@code runtimeApi} ({@code host:port}, as {@code AWS_LAMBDA_RUNTIME_API}). */
    static RuntimeApiWorker of(String runtimeApi,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, Codec codec,
            LogThrottle failedNexts) {
        return of(runtimeApi, handler, codec, failedNexts, RuntimeApiWorker::exitProcess);
    }

    /** As above; {@code onFatal} ends the process when the JVM itself failed. */
    static RuntimeApiWorker of(String runtimeApi,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, Codec codec,
            LogThrottle failedNexts, Consumer<Throwable> onFatal) {
        return new RuntimeApiWorker(AmazonLambdaApi.API_PROTOCOL + runtimeApi + AmazonLambdaApi.API_PATH_INVOCATION,
                handler, codec, failedNexts, onFatal);
    }

    private RuntimeApiWorker(String baseUrl, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            Codec codec, LogThrottle failedNexts, Consumer<Throwable> onFatal) {
        this.baseUrl = baseUrl;
        this.handler = handler;
        this.codec = codec;
        this.failedNexts = failedNexts;
        this.onFatal = onFatal;
    }

    /** Asks for no invocation after the one in flight, which is still answered. */
    void stop() {
        stopping = true;
    }

    /** Whether an invocation is in flight on this worker. */
    boolean busy() {
        InFlight current = inFlight.get();
        return current != null && current != ABANDONED;
    }

    /** A new worker like this one, to take its place. */
    RuntimeApiWorker replacement() {
        return new RuntimeApiWorker(baseUrl, handler, codec, failedNexts, onFatal);
    }

    /**
     * Gives the worker up when its handler is still running {@code grace} after the invocation's deadline: reports the
     * invocation failed to Lambda and returns true; the caller starts another worker in its place. False when the
     * handler returned first (then the worker answers, and goes on).
     */
    boolean abandonIfOverdue(long nowNanos, Duration grace) {
        InFlight current = inFlight.get();
        if (current == null || current == ABANDONED || nowNanos - current.deadlineNanos() < grace.toNanos()) {
            return false;
        }
        if (!inFlight.compareAndSet(current, ABANDONED)) {
            return false;
        }
        try {
            postError(current.requestId(), "Runtime.HandlerOverdue", "the handler was still running "
                    + grace.toMillis() + " ms after the deadline; its worker was replaced");
        } catch (IOException e) {
            // Lambda ended the invocation at its deadline anyway; the worker is replaced either way.
        }
        return true;
    }

    /**
     * Reports to Lambda that the invocation {@code requestId}, which runs on a thread no worker of this extension owns
     * (Quarkus' poll loop, AWS's runtime client), was still running {@code grace} past its deadline.
     */
    void reportOverdueElsewhere(String requestId, Duration grace) {
        try {
            postError(requestId, "Runtime.HandlerOverdue", "the handler was still running " + grace.toMillis()
                    + " ms after the deadline; another worker took its place");
        } catch (IOException e) {
            // Lambda ended the invocation at its deadline anyway.
        }
    }

    @Override
    public void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!stopping) {
            try {
                if (!serveNext()) {
                    return;
                }
                pause = FIRST_PAUSE_MILLIS;
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                long failures = failedNexts.countOne();
                if (failures > 0) {
                    LOG.warnf("A Runtime API worker could not get or answer its next invocation (%s); it asks again "
                            + "(%d failure(s) so far)", e, failures);
                }
                sleep(pause);
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** Serves one invocation; false when the watcher gave this worker up, which then asks for no other. */
    private boolean serveNext() throws IOException {
        HttpURLConnection next = open(AmazonLambdaApi.API_PATH_INVOCATION_NEXT.substring(
                AmazonLambdaApi.API_PATH_INVOCATION.length()));
        // No read timeout: the next invocation may come in an hour.
        next.setReadTimeout(0);
        int status = next.getResponseCode();
        if (status != 200) {
            throw new IOException("/next answered HTTP " + status);
        }
        String requestId = next.getHeaderField(AmazonLambdaApi.LAMBDA_RUNTIME_AWS_REQUEST_ID);
        WorkerContext context = new WorkerContext(next);
        long remainingMillis = context.getRemainingTimeInMillis();
        InFlight mine = new InFlight(requestId,
                remainingMillis > 0 ? System.nanoTime() + remainingMillis * 1_000_000L : NO_DEADLINE);
        inFlight.set(mine);
        APIGatewayV2HTTPResponse response;
        try (InputStream in = next.getInputStream()) {
            APIGatewayV2HTTPEvent event = codec.events().readValue(in);
            response = handler.handleRequest(event, context);
        } catch (VirtualMachineError | IOError e) {
            if (inFlight.compareAndSet(mine, null)) {
                postError(requestId, "Runtime.FatalError", String.valueOf(e));
            }
            onFatal.accept(e);
            return false;
        } catch (IOException | RuntimeException | Error e) {
            if (!inFlight.compareAndSet(mine, null)) {
                return false;
            }
            LOG.errorf(e, "Invocation %s failed", requestId);
            postError(requestId, e.getClass().getName(), String.valueOf(e.getMessage()));
            return true;
        }
        if (!inFlight.compareAndSet(mine, null)) {
            return false;
        }
        post(requestId + AmazonLambdaApi.API_PATH_RESPONSE, codec.responses().writeValueAsBytes(response), null);
        return true;
    }

    private void postError(String requestId, String type, String message) throws IOException {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorType", type);
        error.put("errorMessage", message);
        post(requestId + AmazonLambdaApi.API_PATH_ERROR, codec.mapper().writeValueAsBytes(error), type);
    }

    /**
     * Posts an answer, once more on a fresh connection if the first attempt failed (a kept connection the Runtime API
     * had closed): a second answer to the same invocation is refused by Lambda, never applied twice.
     */
    private void post(String path, byte[] body, String errorType) throws IOException {
        try {
            postOnce(path, body, errorType);
        } catch (IOException e) {
            postOnce(path, body, errorType);
        }
    }

    private void postOnce(String path, byte[] body, String errorType) throws IOException {
        HttpURLConnection connection = open(path);
        connection.setReadTimeout(POST_TIMEOUT_MILLIS);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            // What the Runtime API expects of an error post, as AWS's runtime clients send it.
            connection.setRequestProperty(ERROR_TYPE_HEADER, errorType);
        }
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        if (status >= 300) {
            // Lambda refused the answer (an invocation that timed out, say): nothing to retry, the worker goes on.
            LOG.warnf("The Runtime API answered HTTP %d to %s", status, path);
        }
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        connection.setConnectTimeout(1_000);
        return connection;
    }

    /** As AWS's runtime client does: the JVM is in no state to serve another invocation. */
    private static void exitProcess(Throwable fatal) {
        LOG.fatalf(fatal, "The JVM failed in an invocation; the process ends so that Lambda starts another");
        System.exit(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
