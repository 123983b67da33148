package dev.lambdatrace.collector;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * One log record as an OTLP receiver decoded it: its text, and the trace and span it was written in.
 */
public record ReceivedLogRecord(String body, String traceId, String spanId, Map<String, Object> attributes,
        Map<String, Object> resource) {

    private static final HexFormat HEX = HexFormat.of();

    static List<ReceivedLogRecord> allOf(ExportLogsServiceRequest export) {
        List<ReceivedLogRecord> received = new ArrayList<>();
        for (ResourceLogs resourceLogs : export.getResourceLogsList()) {
            Map<String, Object> resource = ReceivedSpan.toMap(resourceLogs.getResource().getAttributesList());
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    received.add(new ReceivedLogRecord(record.getBody().getStringValue(),
                            HEX.formatHex(record.getTraceId().toByteArray()),
                            HEX.formatHex(record.getSpanId().toByteArray()),
                            ReceivedSpan.toMap(record.getAttributesList()), resource));
                }
            }
        }
        return received;
    }
}
