package dev.lambdatrace.collector;

import java.util.Map;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.json.JsonObject;

/**
 * One X-Ray segment document as the {@code awsxray} exporter sent it: what a user sees of a span in X-Ray.
 */
public record XraySegment(JsonObject document, long receivedAtNanos) {

    /** X-Ray's form, {@code 1-5759e988-bd862e3fe1be46a994272793}. */
    public String traceId() {
        return document.getString("trace_id");
    }

    /** The same trace ID as OpenTelemetry writes it: the 32 hex digits without version and dashes. */
    public String otelTraceId() {
        String xray = traceId();
        return xray == null || xray.length() != 35 ? null : xray.substring(2, 10) + xray.substring(11);
    }

    public String id() {
        return document.getString("id");
    }

    public String parentId() {
        return document.getString("parent_id");
    }

    public String name() {
        return document.getString("name");
    }

    /** "subsegment" for a span X-Ray nests under another; null for a segment. */
    public String type() {
        return document.getString("type");
    }

    public String httpRequestMethod() {
        return http("request").getString("method");
    }

    public String httpRequestUrl() {
        return http("request").getString("url");
    }

    public Integer httpResponseStatus() {
        return http("response").getInteger("status");
    }

    public boolean fault() {
        return document.getBoolean("fault", false);
    }

    public boolean error() {
        return document.getBoolean("error", false);
    }

    /** The {@code metadata.default} namespace, where the exporter puts the attributes it maps to nothing else. */
    public Map<String, Object> metadata() {
        JsonObject metadata = document.getJsonObject("metadata", new JsonObject());
        return metadata.getJsonObject("default", new JsonObject()).getMap();
    }

    public Map<String, Object> annotations() {
        return document.getJsonObject("annotations", new JsonObject()).getMap();
    }

    /** The segment as the lab's accounting sees any span: its trace, its IDs and its name. */
    ReceivedSpan asReceivedSpan() {
        Span.Builder span = Span.newBuilder().setName(String.valueOf(name()));
        if (otelTraceId() != null) {
            span.setTraceId(ByteString.fromHex(otelTraceId()));
        }
        if (id() != null) {
            span.setSpanId(ByteString.fromHex(id()));
        }
        if (parentId() != null) {
            span.setParentSpanId(ByteString.fromHex(parentId()));
        }
        return new ReceivedSpan(span.build(), Map.of(), receivedAtNanos);
    }

    private JsonObject http(String part) {
        return document.getJsonObject("http", new JsonObject()).getJsonObject(part, new JsonObject());
    }
}
