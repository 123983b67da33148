package dev.lambdatrace.tracing.flush;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The client side of Lambda's Extensions API (2020-01-01) at {@code AWS_LAMBDA_RUNTIME_API}: registration, and the
 * long poll for the next event. The JDK's {@link HttpURLConnection}, as Quarkus' own poll loop uses: nothing here is
 * on the caller's path, so its cost does not matter.
 */
final class ExtensionsApiClient {

    /** One event as {@code /event/next} hands it out. */
    record Event(String type, String requestId, long deadlineMs) {
        boolean shutdown() {
            return "SHUTDOWN".equals(type);
        }
    }

    static final String BASE = "/2020-01-01/extension";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    ExtensionsApiClient(String runtimeApi) {
        this.base = URI.create("http://" + runtimeApi + BASE);
    }

    /**
     * Registers for {@code events} (INVOKE, or none at all); returns the identifier, or throws with Lambda's answer.
     */
    String register(String name, List<String> events) throws IOException {
        HttpURLConnection connection = open("/register");
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Lambda-Extension-Name", name);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(Map.of("events", events)));
        }
        int status = connection.getResponseCode();
        String body = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        String identifier = connection.getHeaderField("Lambda-Extension-Identifier");
        if (status != 200 || identifier == null) {
            throw new IOException("registration answered HTTP " + status + ": " + body.strip());
        }
        return identifier;
    }

    /** Blocks until Lambda hands out the next event; while the sandbox is frozen, it simply waits. */
    Event next(String identifier) throws IOException {
        HttpURLConnection connection = open("/event/next");
        connection.setRequestProperty("Lambda-Extension-Identifier", identifier);
        // No read timeout: the call returns when the next invocation starts, however long that takes.
        connection.setReadTimeout(0);
        int status = connection.getResponseCode();
        String body = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        if (status != 200) {
            throw new IOException("event/next answered HTTP " + status + ": " + body.strip());
        }
        return parse(body);
    }

    /** The type, the request ID and the deadline, which the flush needs; the rest of the event is not read. */
    static Event parse(String body) throws IOException {
        JsonNode event = JSON.readTree(body);
        if (event == null || !event.isObject()) {
            throw new IOException("event/next answered something that is not a JSON object: " + body.strip());
        }
        return new Event(event.path("eventType").asText(null), event.path("requestId").asText(null),
                event.path("deadlineMs").asLong(0));
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setConnectTimeout(1_000);
        return connection;
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
