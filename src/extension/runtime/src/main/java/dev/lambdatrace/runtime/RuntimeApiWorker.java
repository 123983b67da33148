package dev.lambdatrace.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * grows to a second; a failed invocation is reported to Lambda and the worker goes on, as AWS's runtime clients do. A
 * worker whose handler is still running well past the invocation's deadline can be abandoned
 * ({@link #abandonIfOverdue}): its invocation is reported failed, and when the handler returns, if ever, the worker
 * posts nothing and stops, so that another can take its place.
 */
final class RuntimeApiWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(RuntimeApiWorker.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;

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

    private final String baseUrl;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final Codec codec;
    private final LogThrottle failedNexts;
    private volatile InFlight inFlight;
    private volatile boolean stopped;

    /** A worker of the Runtime API at {@code runtimeApi} ({@code host:port}, as {@code AWS_LAMBDA_RUNTIME_API}). */
    static RuntimeApiWorker of(String runtimeApi,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, Codec codec,
            LogThrottle failedNexts) {
        return new RuntimeApiWorker(AmazonLambdaApi.API_PROTOCOL + runtimeApi + AmazonLambdaApi.API_PATH_INVOCATION,
                handler, codec, failedNexts);
    }

    private RuntimeApiWorker(String baseUrl, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            Codec codec, LogThrottle failedNexts) {
        this.baseUrl = baseUrl;
        this.handler = handler;
        this.codec = codec;
        this.failedNexts = failedNexts;
    }

    void stop() {
        stopped = true;
    }

    /** A new worker like this one, to take its place. */
    RuntimeApiWorker replacement() {
        return new RuntimeApiWorker(baseUrl, handler, codec, failedNexts);
    }

    /**
     * Gives the worker up when its handler is still running {@code grace} after the invocation's deadline: reports the
     * invocation failed to Lambda and returns true; the caller starts another worker in its place.
     */
    boolean abandonIfOverdue(long nowNanos, Duration grace) {
        InFlight current = inFlight;
        if (current == null || stopped || nowNanos - current.deadlineNanos() < grace.toNanos()) {
            return false;
        }
        stopped = true;
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorType", "Runtime.HandlerOverdue");
        error.put("errorMessage", "the handler was still running " + grace.toMillis() + " ms after the deadline; "
                + "its worker was replaced");
        try {
            post(current.requestId() + AmazonLambdaApi.API_PATH_ERROR, codec.mapper().writeValueAsBytes(error));
        } catch (IOException e) {
            // Lambda ended the invocation at its deadline anyway; the worker is replaced either way.
        }
        return true;
    }

    @Override
    public void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!stopped) {
            try {
                serveNext();
                pause = FIRST_PAUSE_MILLIS;
            } catch (IOException | RuntimeException e) {
                if (stopped) {
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

    private void serveNext() throws IOException {
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
        inFlight = remainingMillis > 0
                ? new InFlight(requestId, System.nanoTime() + remainingMillis * 1_000_000L)
                : null;
        APIGatewayV2HTTPResponse response;
        try (InputStream in = next.getInputStream()) {
            APIGatewayV2HTTPEvent event = codec.events().readValue(in);
            response = handler.handleRequest(event, context);
        } catch (IOException | RuntimeException | Error e) {
            if (!finish()) {
                return;
            }
            LOG.errorf(e, "Invocation %s failed", requestId);
            post(requestId + AmazonLambdaApi.API_PATH_ERROR, codec.mapper().writeValueAsBytes(error(e)));
            return;
        }
        if (finish()) {
            post(requestId + AmazonLambdaApi.API_PATH_RESPONSE, codec.responses().writeValueAsBytes(response));
        }
    }

    /** The handler returned: false if the worker was given up meanwhile, and then its answer is not posted. */
    private boolean finish() {
        inFlight = null;
        return !stopped;
    }

    /**
     * Posts an answer, once more on a fresh connection if the first attempt failed (a kept connection the Runtime API
     * had closed): a second answer to the same invocation is refused by Lambda, never applied twice.
     */
    private void post(String path, byte[] body) throws IOException {
        try {
            postOnce(path, body);
        } catch (IOException e) {
            postOnce(path, body);
        }
    }

    private void postOnce(String path, byte[] body) throws IOException {
        HttpURLConnection connection = open(path);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Content-Type", "application/json");
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

    private static Map<String, String> error(Throwable e) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorType", e.getClass().getName());
        error.put("errorMessage", String.valueOf(e.getMessage()));
        return error;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
