package dev.lambdatrace.collector;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link XrayUdpReceiver} for the tests and points the function's {@code xray-udp} export at it.
 */
public class XrayUdpReceiverResource implements QuarkusTestResourceLifecycleManager {

    private static volatile XrayUdpReceiver receiver;

    public static XrayUdpReceiver receiver() {
        return receiver;
    }

    @Override
    public Map<String, String> start() {
        receiver = XrayUdpReceiver.start(0);
        return Map.of("tracing.exporter", "xray-udp", "tracing.xray-daemon-address", receiver.address());
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
