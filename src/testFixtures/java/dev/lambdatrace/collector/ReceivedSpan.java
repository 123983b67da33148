package dev.lambdatrace.collector;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * One span as the collector decoded it from the wire, with the moment it arrived.
 */
public record ReceivedSpan(Span proto, Map<String, Object> resource, long receivedAtNanos) {

    private static final HexFormat HEX = HexFormat.of();

    /** Every span of one export request, stamped with the moment it arrived. */
    static List<ReceivedSpan> allOf(ExportTraceServiceRequest export, long receivedAtNanos) {
        List<ReceivedSpan> received = new ArrayList<>();
        for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
            Map<String, Object> resource = toMap(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    received.add(new ReceivedSpan(span, resource, receivedAtNanos));
                }
            }
        }
        return received;
    }

    public String name() {
        return proto.getName();
    }

    public Span.SpanKind kind() {
        return proto.getKind();
    }

    public String traceId() {
        return HEX.formatHex(proto.getTraceId().toByteArray());
    }

    public String spanId() {
        return HEX.formatHex(proto.getSpanId().toByteArray());
    }

    /** Empty for a span without a parent. */
    public String parentSpanId() {
        return HEX.formatHex(proto.getParentSpanId().toByteArray());
    }

    public Map<String, Object> attributes() {
        return toMap(proto.getAttributesList());
    }

    public Object attribute(String key) {
        return attributes().get(key);
    }

    static Map<String, Object> toMap(Iterable<KeyValue> keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            map.put(keyValue.getKey(), valueOf(keyValue.getValue()));
        }
        return map;
    }

    private static Object valueOf(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            default -> value.toString();
        };
    }
}
