package dev.lambdatrace.tracing.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.lambdatrace.tracing.export.LogThrottle;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * The application's own metrics and log records, when it enables them: each flush of spans asks them to leave too,
 * within the same bound, so that none waits in a reader or a processor that Lambda freezes. With neither enabled,
 * nothing here runs. What the collector does not take is counted by {@link CountedExports}.
 */
@Singleton
public class MetricsAndLogs {

    /** Neither signal: for flushes built outside Quarkus. */
    public static final MetricsAndLogs NONE = new MetricsAndLogs(null, false, false);

    private static final Logger LOG = Logger.getLogger(MetricsAndLogs.class);

    private final OpenTelemetrySdk sdk;
    private final boolean metrics;
    private final boolean logs;
    private final LogThrottle unfinished = new LogThrottle();

    @Inject
    MetricsAndLogs(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.metrics.enabled", defaultValue = "false") boolean metrics,
            @ConfigProperty(name = "quarkus.otel.logs.enabled", defaultValue = "false") boolean logs,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this(!sdkDisabled && openTelemetry instanceof OpenTelemetrySdk sdk ? sdk : null, metrics, logs);
    }

    private MetricsAndLogs(OpenTelemetrySdk sdk, boolean metrics, boolean logs) {
        this.sdk = sdk;
        this.metrics = sdk != null && metrics;
        this.logs = sdk != null && logs;
    }

    /** Whether the application exports either. */
    public boolean enabled() {
        return metrics || logs;
    }

    /** Starts their export, without waiting: Quarkus' exporters send from the event loop. */
    public CompletableResultCode startFlush() {
        List<CompletableResultCode> flushes = new ArrayList<>(2);
        if (metrics) {
            flushes.add(sdk.getSdkMeterProvider().forceFlush());
        }
        if (logs) {
            flushes.add(sdk.getSdkLoggerProvider().forceFlush());
        }
        return CompletableResultCode.ofAll(flushes);
    }

    /**
     * Waits for {@code flush} until {@code deadlineNanos}, never longer; an export still under way then is said once
     * in a while, and counted when it ends, should the collector not take it.
     */
    public void await(CompletableResultCode flush, long deadlineNanos) {
        long leftNanos = deadlineNanos - System.nanoTime();
        flush.join(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
        if (!flush.isDone()) {
            long times = unfinished.countOne();
            if (times > 0) {
                LOG.warnf("The application's metrics and logs were not acknowledged within the flush's bound; they "
                        + "leave when the sandbox runs again, and are counted if the collector does not take them "
                        + "(%d time(s) so far).", times);
            }
        }
    }
}
