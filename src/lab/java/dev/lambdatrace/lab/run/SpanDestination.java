package dev.lambdatrace.lab.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.lambdatrace.collector.CollectorLayer;
import dev.lambdatrace.collector.FakeXray;
import dev.lambdatrace.collector.OtelCollector;
import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.SpanSink;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.emulator.ExtensionProcess;
import dev.lambdatrace.lab.contestants.SpanRoute;

/**
 * Where one contestant's spans go in this run, and what of that runs inside its sandbox: the lab counts delivered,
 * late and lost spans at {@code sink}, and freezes and measures {@code inSandbox} with the function.
 */
public record SpanDestination(SpanSink sink, List<ExtensionProcess> inSandbox) {

    /** For a contestant whose spans take {@code route}, under this run's collector mode. */
    public static SpanDestination of(SpanRoute route, LabSettings settings, Path collectorLog) {
        return switch (route) {
            case UDP_TO_XRAY_DAEMON -> new SpanDestination(XrayUdpReceiver.start(0), List.of());
            // Tracing off: a receiver that should stay empty, and no layer, as the original test's baseline had none.
            case NONE -> new SpanDestination(OtlpReceiver.start(0), List.of());
            case OTLP_TO_COLLECTOR -> settings.collector().realCollector() ? collectorLayer(settings, collectorLog)
                    : new SpanDestination(labSink(settings), List.of());
        };
    }

    private static SpanDestination collectorLayer(LabSettings settings, Path log) {
        FakeXray xray = FakeXray.start().delay(settings.xrayDelay());
        Map<String, String> config = new java.util.LinkedHashMap<>();
        if (settings.collector() == CollectorMode.OTELCOL_BATCH) {
            config.putAll(OtelCollector.withBatchProcessor());
        }
        if (!settings.sinkIdleTimeout().isZero()) {
            // Go's http.Server.IdleTimeout, which the collector's HTTP receiver sets from this key.
            config.put("receivers::otlp::protocols::http::idle_timeout", settings.sinkIdleTimeout().toMillis() + "ms");
        }
        CollectorLayer layer = CollectorLayer.of(OtelCollector.shippedConfig(), config, xray, log);
        return new SpanDestination(layer, List.of(layer));
    }

    private static OtlpReceiver labSink(LabSettings settings) {
        OtlpReceiver receiver = settings.sinkIdleTimeout().isZero() ? OtlpReceiver.start(0)
                : OtlpReceiver.closingIdleConnections(settings.sinkIdleTimeout());
        receiver.behave(settings.collector() == CollectorMode.SYNC_EXPORT ? OtlpReceiver.Behaviour.DELAY
                : OtlpReceiver.Behaviour.ACKNOWLEDGE);
        receiver.delay(settings.syncExportDelay());
        return receiver;
    }
}
