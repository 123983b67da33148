package dev.lambdatrace.collector;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link OtlpReceiver} for the tests and points the function's OTLP exporter at it.
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
        return Map.of("tracing.endpoint", receiver.endpoint() + OtlpReceiver.HTTP_PATH);
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
