package org.acme.greetings;

import java.util.Map;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.downstream.EchoService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the application talks to in its JVM tests: a collector on loopback that takes every signal over OTLP/HTTP, and
 * the downstream service its REST client calls.
 */
public class GreetingTestResources implements QuarkusTestResourceLifecycleManager {

    private static volatile OtlpReceiver collector;
    private static volatile EchoService downstream;

    static OtlpReceiver collector() {
        return collector;
    }

    static EchoService downstream() {
        return downstream;
    }

    @Override
    public Map<String, String> start() {
        collector = OtlpReceiver.start(0);
        downstream = EchoService.start(0);
        // The collector speaks OTLP/HTTP only here; on Lambda the collector layer takes Quarkus' default grpc too.
        return Map.of("quarkus.otel.exporter.otlp.endpoint", collector.endpoint(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.rest-client.downstream.url", downstream.url());
    }

    @Override
    public void stop() {
        collector.close();
        downstream.close();
    }
}
