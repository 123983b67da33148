package dev.lambdatrace.tracing.signals;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.quarkus.opentelemetry.runtime.AutoConfiguredOpenTelemetrySdkBuilderCustomizer;

/**
 * Wraps the application's metric and log record exporters (Quarkus' own, when it enables those signals) so that what
 * the collector does not take is counted and logged as spans are: an outage is one line when it starts and one when
 * it ends.
 */
@Singleton
public class CountedExports implements AutoConfiguredOpenTelemetrySdkBuilderCustomizer {

    private final Drops metricPoints = new Drops("metric point(s)", CountedExports.class);
    private final Drops logRecords = new Drops("log record(s)", CountedExports.class);

    @Override
    public void customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addMetricExporterCustomizer((exporter, config) -> new CountingMetricExporter(exporter, metricPoints));
        builder.addLogRecordExporterCustomizer((exporter, config) -> new CountingLogRecordExporter(exporter,
                logRecords));
    }

    /** Metric points the collector did not take, since the process started. */
    public Drops metricPoints() {
        return metricPoints;
    }

    /** Log records the collector did not take, since the process started. */
    public Drops logRecords() {
        return logRecords;
    }

    static void account(CompletableResultCode result, int records, Drops drops) {
        if (result.isSuccess()) {
            drops.onAcknowledged();
        } else if (records > 0) {
            drops.onUnacknowledged(records, result.getFailureThrowable() != null
                    ? result.getFailureThrowable().toString() : "the collector did not acknowledge the export");
        }
    }
}
