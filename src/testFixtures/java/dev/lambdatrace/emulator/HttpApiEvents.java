package dev.lambdatrace.emulator;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.json.JsonObject;

/**
 * API Gateway HTTP API (payload v2) events for {@code GET}, and the X-Ray trace headers Lambda sends with them.
 */
public final class HttpApiEvents {

    private static final HexFormat HEX = HexFormat.of();

    /** A sampled X-Ray header with a fresh root and parent, as Lambda sends with active tracing. */
    public static String sampledTraceHeader() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        String epoch = String.format("%08x", System.currentTimeMillis() / 1000);
        return "Root=1-" + epoch + "-" + HEX.formatHex(root) + ";Parent=" + HEX.formatHex(parent) + ";Sampled=1";
    }

    /** The OTel trace id (32 hex digits) of an X-Ray header's root. */
    public static String traceIdOf(String traceHeader) {
        int start = traceHeader.indexOf("Root=1-") + "Root=1-".length();
        return traceHeader.substring(start, start + 8) + traceHeader.substring(start + 9, start + 33);
    }

    /** The span ID (16 hex digits) of an X-Ray header's Parent. */
    public static String parentOf(String traceHeader) {
        int start = traceHeader.indexOf("Parent=") + "Parent=".length();
        return traceHeader.substring(start, start + 16);
    }

    public static String getRoot(String traceHeader) {
        return get("/", traceHeader);
    }

    /** {@code GET path}, as the HTTP API sends it with a {@code $default} route. */
    public static String get(String path, String traceHeader) {
        String requestId = UUID.randomUUID().toString();
        // The deploy kit routes GET / alone; any other path reaches a function only through a $default route.
        String routeKey = path.equals("/") ? "GET /" : "$default";
        JsonObject http = new JsonObject()
                .put("method", "GET")
                .put("path", path)
                .put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.7")
                .put("userAgent", "lab/1.0");
        JsonObject requestContext = new JsonObject()
                .put("accountId", "123456789012")
                .put("apiId", "lab")
                .put("domainName", "lab.execute-api.us-east-1.amazonaws.com")
                .put("http", http)
                .put("requestId", requestId)
                .put("routeKey", routeKey)
                .put("stage", "$default")
                .put("time", "25/Nov/2026:00:00:00 +0000")
                .put("timeEpoch", System.currentTimeMillis());
        JsonObject headers = new JsonObject()
                .put("accept", "*/*")
                .put("host", "lab.execute-api.us-east-1.amazonaws.com")
                .put("user-agent", "lab/1.0")
                .put("x-amzn-trace-id", traceHeader.substring(0, traceHeader.indexOf(';')));
        return new JsonObject()
                .put("version", "2.0")
                .put("routeKey", routeKey)
                .put("rawPath", path)
                .put("rawQueryString", "")
                .put("headers", headers)
                .put("requestContext", requestContext)
                .put("isBase64Encoded", false)
                .encode();
    }

    private HttpApiEvents() {
    }
}
