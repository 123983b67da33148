package dev.lambdatrace.tracing.signals;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * The application's log record exporter, counting the records of every export the collector did not acknowledge.
 */
final class CountingLogRecordExporter implements LogRecordExporter {

    private final LogRecordExporter exporter;
    private final Drops drops;

    CountingLogRecordExporter(LogRecordExporter exporter, Drops drops) {
        this.exporter = exporter;
        this.drops = drops;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
        CompletableResultCode result = exporter.export(logs);
        int records = logs.size();
        result.whenComplete(() -> CountedExports.account(result, records, drops));
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
