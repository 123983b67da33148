package dev.lambdatrace.collector;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link OtlpReceiver} for the tests and points the function's OTLP exporter at it: through
 * {@code tracing.endpoint}, or through the standard base endpoint when the init argument {@code via} is {@code otel}.
 */
public class OtlpReceiverResource implements QuarkusTestResourceLifecycleManager {

    private static volatile OtlpReceiver receiver;
    private boolean viaStandardVariable;

    /** The receiver of the running test application. */
    public static OtlpReceiver receiver() {
        return receiver;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        viaStandardVariable = "otel".equals(initArgs.get("via"));
    }

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start(0);
        return viaStandardVariable ? Map.of("otel.exporter.otlp.endpoint", receiver.endpoint())
                : Map.of("tracing.endpoint", receiver.endpoint() + OtlpReceiver.HTTP_PATH);
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
