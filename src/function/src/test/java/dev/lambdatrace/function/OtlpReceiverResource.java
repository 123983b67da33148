package dev.lambdatrace.function;

import java.util.Map;

import dev.lambdatrace.collector.OtlpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link OtlpReceiver} for the function's tests and points its spans at it, with Quarkus' own setting.
 */
public class OtlpReceiverResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OtlpReceiver receiver;

    /** The receiver of the running test application. */
    public static OtlpReceiver receiver() {
        return receiver;
    }

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start(0);
        return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf");
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
