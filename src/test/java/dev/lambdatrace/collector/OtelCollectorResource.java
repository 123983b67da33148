package dev.lambdatrace.collector;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real collector on the config function.zip ships, exporting to a {@link FakeXray}, and points the
 * function's exporter at it.
 */
public class OtelCollectorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OtelCollector collector;

    /** The collector of the running test application. */
    public static OtelCollector collector() {
        return collector;
    }

    @Override
    public Map<String, String> start() {
        collector = OtelCollector.start(OtelCollector.shippedConfig(), FakeXray.start(), Map.of());
        return Map.of("tracing.endpoint", collector.address());
    }

    @Override
    public void stop() {
        if (collector != null) {
            collector.close();
            collector = null;
        }
    }
}
